import { artistProfileSchema } from '../../shared/schemas/artist';
import { can, type Actor } from '../auth/policy';
import type { Clock } from '../clock';
import { ServiceError } from '../errors';
import { parseInput } from '../validation';
import { newId } from '../ids';
import type { ArtistRepository, ArtistRow } from './artist-repository';

export type { Actor };

export type PublicArtist = Pick<
	ArtistRow,
	'id' | 'handle' | 'name' | 'bio' | 'links' | 'createdAt' | 'featuredReleaseId'
> & {
	userId: string;
};

function toPublic(row: ArtistRow): PublicArtist {
	const { id, handle, name, bio, links, createdAt, userId, featuredReleaseId } = row;
	return { id, handle, name, bio, links, createdAt, userId, featuredReleaseId };
}

const HANDLE_TAKEN = new ServiceError('conflict', 'That handle is already taken.', {
	handle: 'That handle is already taken. Choose another.'
});

function isUniqueViolation(error: unknown, column: string): boolean {
	return String(error).includes('UNIQUE') && String(error).includes(column);
}

export function createArtistService(deps: {
	artists: ArtistRepository;
	clock: Clock;
	/** To check that a featured release is the artist's own. */
	releases?: { findById(id: string): { artistId: string } | undefined };
}) {
	const { artists, clock } = deps;

	function featuredOf(artistId: string, releaseId: string): string | null {
		if (!releaseId) return null;
		if (deps.releases?.findById(releaseId)?.artistId !== artistId) {
			throw new ServiceError('invalid', 'Please correct the highlighted fields.', {
				featuredReleaseId: 'Choose one of your own releases.'
			});
		}
		return releaseId;
	}

	return {
		/** Any signed-in person may become an artist, once. */
		createProfile(actor: Actor, raw: unknown): PublicArtist {
			const input = parseInput(artistProfileSchema, raw);
			if (artists.findByUserId(actor.userId)) {
				throw new ServiceError('conflict', 'You already have an artist profile.');
			}
			if (artists.findByHandle(input.handle)) throw HANDLE_TAKEN;
			const now = clock.now();
			const row: ArtistRow = {
				id: newId(),
				userId: actor.userId,
				handle: input.handle,
				name: input.name,
				bio: input.bio,
				links: input.links.map((url) => ({ label: '', url })),
				avatarKey: null,
				avatarSourceKey: null,
				avatarJobId: null,
				bannerKey: null,
				bannerSourceKey: null,
				bannerJobId: null,
				featuredReleaseId: null,
				createdAt: now,
				updatedAt: now
			};
			try {
				artists.insert(row);
			} catch (error) {
				if (isUniqueViolation(error, 'handle')) throw HANDLE_TAKEN;
				if (isUniqueViolation(error, 'user_id'))
					throw new ServiceError('conflict', 'You already have an artist profile.');
				throw error;
			}
			return toPublic(row);
		},

		/** Only the profile's owner (or an admin) may edit it. */
		updateProfile(actor: Actor, artistId: string, raw: unknown): PublicArtist {
			const existing = artists.findById(artistId);
			if (!existing) throw new ServiceError('not_found', 'This artist profile does not exist.');
			if (!can(actor, 'edit', { kind: 'artist', ownerUserId: existing.userId }, clock.now())) {
				throw new ServiceError('forbidden', 'You can only edit your own artist profile.');
			}
			const input = parseInput(artistProfileSchema, raw);
			const other = artists.findByHandle(input.handle);
			if (other && other.id !== artistId) throw HANDLE_TAKEN;
			const fields = {
				handle: input.handle,
				name: input.name,
				bio: input.bio,
				links: input.links.map((url) => ({ label: '', url })),
				featuredReleaseId: featuredOf(artistId, input.featuredReleaseId),
				updatedAt: clock.now()
			};
			try {
				artists.update(artistId, fields);
			} catch (error) {
				if (isUniqueViolation(error, 'handle')) throw HANDLE_TAKEN;
				throw error;
			}
			return toPublic({ ...existing, ...fields });
		},

		byHandle(handle: string): PublicArtist | null {
			const row = artists.findByHandle(handle.toLowerCase());
			return row ? toPublic(row) : null;
		},

		ofUser(userId: string): PublicArtist | null {
			const row = artists.findByUserId(userId);
			return row ? toPublic(row) : null;
		},

		newest(limit = 12): PublicArtist[] {
			return artists.newest(limit).map(toPublic);
		}
	};
}

export type ArtistService = ReturnType<typeof createArtistService>;
