import {
	PROFILE_IMAGE_MAX_BYTES,
	type ProfileImageOwner,
	type ProfileImageSlot
} from '../../shared/profile-images';
import type { ArtistRepository } from '../artists/artist-repository';
import { can } from '../auth/policy';
import type { ShoalDb } from '../db';
import { ServiceError } from '../errors';
import type { JobQueue } from '../jobs/types';
import type { MediaStore } from '../media/media-store';
import type { MediaUrls } from '../media/media-urls';
import { sniffImage } from '../media/sniff-image';
import { PROFILE_IMAGE_JOB, type ProfileImagePayload } from './profile-image-contract';
import type { ProfileImageRepository, ProfileImageTarget } from './profile-image-repository';

export interface Actor {
	userId: string;
	isAdmin: boolean;
}

/** What the person sees of one avatar or banner; `reason` is set when processing failed for good. */
export interface ProfileImageState {
	status: 'none' | 'processing' | 'ready' | 'failed';
	/** The URL of the published sizes' directory (the last good image, even while a new one processes). */
	imageBase: string | null;
	reason: string | null;
}

const WORD: Record<ProfileImageSlot, string> = { avatar: 'avatar', banner: 'banner' };

/** Avatars of listeners and artists and banners of artists: checked, stored, sized by the media worker. */
export function createProfileImageService(deps: {
	db: ShoalDb;
	repo: ProfileImageRepository;
	artists: ArtistRepository;
	jobs: JobQueue;
	store: MediaStore;
	mediaUrls: MediaUrls;
}) {
	const { db, repo, artists, jobs, store, mediaUrls } = deps;

	/** Listeners change only their own avatar; an artist's images, their owner or an admin. */
	function authorise(actor: Actor, owner: ProfileImageOwner, ownerId: string): void {
		if (owner === 'user') {
			if (actor.userId !== ownerId)
				throw new ServiceError('forbidden', 'You can only change your own picture.');
			return;
		}
		const artist = artists.findById(ownerId);
		if (!artist) throw new ServiceError('not_found', 'This artist profile does not exist.');
		if (!can(actor, 'edit', { kind: 'artist', ownerUserId: artist.userId }, Date.now()))
			throw new ServiceError('forbidden', 'You can only change your own artist page.');
	}

	function enqueue(target: ProfileImageTarget, sourceKey: string): void {
		db.transaction(
			() => {
				const job = jobs.enqueue(PROFILE_IMAGE_JOB, target satisfies ProfileImagePayload);
				repo.setSource(target, sourceKey, job.id);
			},
			{ behavior: 'immediate' }
		);
	}

	return {
		/** An uploaded picture (the form body, already in memory): checked by its bytes, then queued. */
		async upload(actor: Actor, target: ProfileImageTarget, bytes: Uint8Array): Promise<void> {
			authorise(actor, target.owner, target.ownerId);
			const word = WORD[target.slot];
			const field = (message: string) => ({ [target.slot]: message });
			if (bytes.length === 0) {
				const message = `Choose an image file for your ${word}.`;
				throw new ServiceError('invalid', message, field(message));
			}
			if (bytes.length > PROFILE_IMAGE_MAX_BYTES) {
				const message = `This image is over 15 MB. Choose a smaller one.`;
				throw new ServiceError('too_large', message, field(message));
			}
			if (!sniffImage(bytes.subarray(0, 64))) {
				const message = `The ${word} must be a JPEG, PNG or WebP image.`;
				throw new ServiceError('invalid', message, field(message));
			}
			const sourceKey = store.profileImageSourceKey(target.ownerId, target.slot);
			await store.writeBytes(sourceKey, bytes);
			enqueue(target, sourceKey);
		},

		/** After a failure that may pass on another try (the worker was stopped, the disk was full). */
		retry(actor: Actor, target: ProfileImageTarget): void {
			authorise(actor, target.owner, target.ownerId);
			const row = repo.find(target);
			if (!row?.sourceKey || this.state(target).status !== 'failed') {
				throw new ServiceError('conflict', `There is no failed ${WORD[target.slot]} to try again.`);
			}
			enqueue(target, row.sourceKey);
		},

		state(target: ProfileImageTarget): ProfileImageState {
			const row = repo.find(target);
			const imageBase = mediaUrls.artworkBase(row?.key ?? null);
			const job = row?.jobId ? jobs.get(row.jobId) : undefined;
			if (job?.status === 'dead') {
				return {
					status: 'failed',
					imageBase,
					reason: job.lastError ?? `Your ${WORD[target.slot]} could not be processed.`
				};
			}
			if (job && job.status !== 'succeeded') return { status: 'processing', imageBase, reason: null };
			return { status: imageBase ? 'ready' : 'none', imageBase, reason: null };
		}
	};
}

export type ProfileImageService = ReturnType<typeof createProfileImageService>;
