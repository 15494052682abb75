import { eq, sql } from 'drizzle-orm';
import { isPublicAt } from '../catalog/release-repository';
import type { ShoalDb } from '../db';
import { artists, releases, tracks } from '../db/schema';

// Prepared once: the media route asks these on every request that misses its short cache.
const NOW = sql.placeholder('now');
// isPublicAt is the one definition of "public"; here its moment is bound per execution.
const isPublic = sql<number>`(${isPublicAt(NOW as unknown as number)})`;

export interface TrackAccessRow {
	status: string;
	mediaKey: string | null;
	artworkKey: string | null;
	isPublic: boolean;
	ownerUserId: string;
}

export interface ReleaseCoverRow {
	coverKey: string | null;
	isPublic: boolean;
	ownerUserId: string;
}

/** The few columns that decide who may fetch a track's or a release's published files. */
export function createMediaAccessRepository(db: ShoalDb) {
	const trackById = db
		.select({
			status: tracks.status,
			mediaKey: tracks.mediaKey,
			artworkKey: tracks.artworkKey,
			isPublic,
			ownerUserId: artists.userId
		})
		.from(tracks)
		.innerJoin(releases, eq(releases.id, tracks.releaseId))
		.innerJoin(artists, eq(artists.id, tracks.artistId))
		.where(eq(tracks.id, sql.placeholder('id')))
		.prepare();

	const releaseById = db
		.select({ coverKey: releases.coverKey, isPublic, ownerUserId: artists.userId })
		.from(releases)
		.innerJoin(artists, eq(artists.id, releases.artistId))
		.where(eq(releases.id, sql.placeholder('id')))
		.prepare();

	const playableById = db
		.select({
			track: tracks,
			release: { id: releases.id, title: releases.title, coverKey: releases.coverKey },
			artist: { name: artists.name, handle: artists.handle },
			isPublic,
			ownerUserId: artists.userId
		})
		.from(tracks)
		.innerJoin(releases, eq(releases.id, tracks.releaseId))
		.innerJoin(artists, eq(artists.id, tracks.artistId))
		.where(eq(tracks.id, sql.placeholder('id')))
		.prepare();

	return {
		track(id: string, now: number): TrackAccessRow | undefined {
			const row = trackById.get({ id, now });
			return row && { ...row, isPublic: Boolean(row.isPublic) };
		},
		release(id: string, now: number): ReleaseCoverRow | undefined {
			const row = releaseById.get({ id, now });
			return row && { ...row, isPublic: Boolean(row.isPublic) };
		},
		/** A track with what the player shows of its release and artist. */
		playable(id: string, now: number) {
			const row = playableById.get({ id, now });
			return row && { ...row, isPublic: Boolean(row.isPublic) };
		}
	};
}

export type MediaAccessRepository = ReturnType<typeof createMediaAccessRepository>;
