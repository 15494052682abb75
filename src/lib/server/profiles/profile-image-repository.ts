import { and, eq, or } from 'drizzle-orm';
import type { ProfileImageOwner, ProfileImageSlot } from '../../shared/profile-images';
import type { ShoalDb } from '../db';
import { artists, users } from '../db/schema';

export interface ProfileImageTarget {
	owner: ProfileImageOwner;
	/** A user id (owner 'user') or an artist id (owner 'artist'). */
	ownerId: string;
	slot: ProfileImageSlot;
}

export interface ProfileImageRow {
	/** The published sizes, once made. */
	key: string | null;
	/** The uploaded original, kept for a retry. */
	sourceKey: string | null;
	jobId: string | null;
	/** The account that may change it. */
	ownerUserId: string;
}

/** The columns that hold one profile image, per owner and slot. */
function columnsOf(target: Pick<ProfileImageTarget, 'owner' | 'slot'>) {
	if (target.owner === 'user') {
		if (target.slot !== 'avatar') throw new RangeError('listeners have an avatar only');
		return {
			table: users,
			id: users.id,
			ownerUserId: users.id,
			key: users.avatarKey,
			sourceKey: users.avatarSourceKey,
			jobId: users.avatarJobId,
			names: { key: 'avatarKey', sourceKey: 'avatarSourceKey', jobId: 'avatarJobId' }
		} as const;
	}
	return target.slot === 'avatar'
		? ({
				table: artists,
				id: artists.id,
				ownerUserId: artists.userId,
				key: artists.avatarKey,
				sourceKey: artists.avatarSourceKey,
				jobId: artists.avatarJobId,
				names: { key: 'avatarKey', sourceKey: 'avatarSourceKey', jobId: 'avatarJobId' }
			} as const)
		: ({
				table: artists,
				id: artists.id,
				ownerUserId: artists.userId,
				key: artists.bannerKey,
				sourceKey: artists.bannerSourceKey,
				jobId: artists.bannerJobId,
				names: { key: 'bannerKey', sourceKey: 'bannerSourceKey', jobId: 'bannerJobId' }
			} as const);
}

/** Avatars (listeners and artists) and banners (artists): used by the web side and the media worker. */
export function createProfileImageRepository(db: ShoalDb) {
	return {
		find(target: ProfileImageTarget): ProfileImageRow | undefined {
			const c = columnsOf(target);
			return db
				.select({ key: c.key, sourceKey: c.sourceKey, jobId: c.jobId, ownerUserId: c.ownerUserId })
				.from(c.table)
				.where(eq(c.id, target.ownerId))
				.get();
		},

		/** A new original waits for the worker (call in the transaction that enqueues its job). */
		setSource(target: ProfileImageTarget, sourceKey: string, jobId: string): void {
			const c = columnsOf(target);
			db.update(c.table)
				.set({ [c.names.sourceKey]: sourceKey, [c.names.jobId]: jobId })
				.where(eq(c.id, target.ownerId))
				.run();
		},

		/** Call inside the job queue's `complete`. Returns the previous sizes' key, to remove afterwards. */
		publish(target: ProfileImageTarget, key: string): { previousKey: string | null } | null {
			const before = this.find(target);
			if (!before) return null;
			const c = columnsOf(target);
			db.update(c.table)
				.set({ [c.names.key]: key })
				.where(eq(c.id, target.ownerId))
				.run();
			return { previousKey: before.key };
		},

		/** Avatars and banners are public: this key is the current image of a user or artist with this id. */
		isCurrentImage(ownerId: string, key: string): boolean {
			const user = db
				.select({ id: users.id })
				.from(users)
				.where(and(eq(users.id, ownerId), eq(users.avatarKey, key)))
				.get();
			if (user) return true;
			const artist = db
				.select({ id: artists.id })
				.from(artists)
				.where(and(eq(artists.id, ownerId), or(eq(artists.avatarKey, key), eq(artists.bannerKey, key))))
				.get();
			return artist !== undefined;
		}
	};
}

export type ProfileImageRepository = ReturnType<typeof createProfileImageRepository>;
