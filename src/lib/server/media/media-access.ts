import type { PlayableTrack } from '../../shared/playable';
import { can, isReleasePublicAt, mediaNeedsSignature, type Actor } from '../auth/policy';
import type { Clock } from '../clock';
import { toPlayable } from '../listen/playable';
import type { MediaAccessRepository, ReleaseCoverRow } from './media-access-repository';
import type { MediaFileRequest } from './media-paths';
import type { MediaUrls, SignatureCheck } from './media-urls';

export type Viewer = Actor;

/** How long "this directory is public" is remembered: publication changes take effect within it. */
export const PUBLIC_LOOKUP_CACHE_MS = 5_000;
/** The cache is a hot-path shortcut, not an index: past this many keys it starts over. */
const MAX_CACHED_KEYS = 10_000;

/**
 * Who may fetch which published media, and the playable view of a track. Only a *public* answer is
 * cached (a few seconds, by directory key): refusals and signed requests always read the database, so a
 * newly published version or track is served at once, and unpublishing takes effect within the cache
 * lifetime.
 */
export function createMediaAccess(deps: {
	repo: MediaAccessRepository;
	clock: Clock;
	mediaUrls: MediaUrls;
	cacheMs?: number;
	/** Avatars and banners: public while they are someone's current picture. */
	profileImages?: { isCurrentImage(ownerId: string, key: string): boolean };
}) {
	const { repo, clock, mediaUrls } = deps;
	const cacheMs = deps.cacheMs ?? PUBLIC_LOOKUP_CACHE_MS;
	const publicUntil = new Map<string, number>();

	/** Whose artwork `key` is, if it is the current cover of a release or artwork of a ready track. */
	function artworkOwner(
		ownerId: string,
		key: string
	): Pick<ReleaseCoverRow, 'release' | 'ownerUserId'> | undefined {
		const release = repo.release(ownerId);
		if (release && release.coverKey === key) return release;
		const track = repo.track(ownerId);
		if (track && track.status === 'ready' && track.artworkKey === key) return track;
		return undefined;
	}

	function mayViewArtwork(viewer: Viewer | null, ownerId: string, key: string, now: number): boolean {
		// Avatars and banners are as public as the profiles they belong to (every profile is).
		if (deps.profileImages?.isCurrentImage(ownerId, key)) return true;
		const owner = artworkOwner(ownerId, key);
		return (
			owner !== undefined &&
			can(viewer, 'view', { kind: 'artwork', ownerUserId: owner.ownerUserId, release: owner.release }, now)
		);
	}

	function isPublicNow(request: MediaFileRequest, now: number): boolean {
		if (request.area === 'artwork') return mayViewArtwork(null, request.ownerId, request.key, now);
		const track = repo.track(request.ownerId);
		return (
			track !== undefined && track.mediaKey === request.key && !mediaNeedsSignature(track, track.release, now)
		);
	}

	return {
		/** Anyone may fetch this directory's files: its track or release is public and it is the current version. */
		isPublic(request: MediaFileRequest): boolean {
			const now = clock.now();
			const until = publicUntil.get(request.key);
			if (until !== undefined && until > now) return true;
			if (!isPublicNow(request, now)) return false;
			if (publicUntil.size >= MAX_CACHED_KEYS) publicUntil.clear();
			publicUntil.set(request.key, now + cacheMs);
			return true;
		},

		/**
		 * A request that carries a signature: the signature must be valid for this track and this viewer
		 * (null when signed out), checked before the track is looked up so that a bad signature gets the
		 * same answer whether the track exists or not; then `key` must be the track's current version.
		 */
		signedTrackAccess(
			trackId: string,
			key: string,
			viewerUserId: string | null,
			exp: string | null,
			sig: string | null
		): SignatureCheck | 'not_found' {
			const check = mediaUrls.verify(trackId, viewerUserId, exp, sig);
			if (check !== 'ok') return check;
			const track = repo.track(trackId);
			return track !== undefined && track.status === 'ready' && track.mediaKey === key ? 'ok' : 'not_found';
		},

		/** Artwork that is not public: only its artist (signed in) and admins may see it. */
		mayViewPrivateArtwork(ownerId: string, key: string, viewer: Viewer | null): boolean {
			return mayViewArtwork(viewer, ownerId, key, clock.now());
		},

		/**
		 * What the player needs for a track this viewer may play (public, or their own, or they are an
		 * admin); a non-public track's URL is signed for this viewer. Null for anything else, alike.
		 */
		playable(trackId: string, viewer: Viewer | null): PlayableTrack | null {
			const row = repo.playable(trackId);
			if (!row) return null;
			const now = clock.now();
			const resource = {
				kind: 'track' as const,
				ownerUserId: row.ownerUserId,
				release: row.release,
				track: row.track
			};
			if (!can(viewer, 'view', resource, now)) return null;
			return toPlayable(
				{
					track: row.track,
					release: row.release,
					artist: row.artist,
					isPublic: isReleasePublicAt(row.release, now),
					viewerUserId: viewer?.userId ?? null
				},
				mediaUrls
			);
		}
	};
}

export type MediaAccess = ReturnType<typeof createMediaAccess>;
