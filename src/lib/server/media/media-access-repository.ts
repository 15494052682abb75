import { eq, sql } from 'drizzle-orm';
import type { TrackStatus } from '../../shared/catalog';
import type { Publication } from '../auth/policy';
import type { ShoalDb } from '../db';
import { artists, releases, tracks } from '../db/schema';

// Prepared once: the media route asks these on every request that misses its short cache.

const publication = { status: releases.status, publishAt: releases.publishAt };

export interface TrackAccessRow {
	status: TrackStatus;
	mediaKey: string | null;
	artworkKey: string | null;
	/** What decides whether the release is public (see auth/policy.ts). */
	release: Publication;
	ownerUserId: string;
}

export interface ReleaseCoverRow {
	coverKey: string | null;
	release: Publication;
	ownerUserId: string;
}

/** The few columns that decide who may fetch a track's or a release's published files. */
export function createMediaAccessRepository(db: ShoalDb) {
	const trackById = db
		.select({
			status: tracks.status,
			mediaKey: tracks.mediaKey,
			artworkKey: tracks.artworkKey,
			release: publication,
			ownerUserId: artists.userId
		})
		.from(tracks)
		.innerJoin(releases, eq(releases.id, tracks.releaseId))
		.innerJoin(artists, eq(artists.id, tracks.artistId))
		.where(eq(tracks.id, sql.placeholder('id')))
		.prepare();

	const releaseById = db
		.select({ coverKey: releases.coverKey, release: publication, ownerUserId: artists.userId })
		.from(releases)
		.innerJoin(artists, eq(artists.id, releases.artistId))
		.where(eq(releases.id, sql.placeholder('id')))
		.prepare();

	const playableById = db
		.select({
			track: tracks,
			release: { id: releases.id, title: releases.title, coverKey: releases.coverKey, ...publication },
			artist: { name: artists.name, handle: artists.handle },
			ownerUserId: artists.userId
		})
		.from(tracks)
		.innerJoin(releases, eq(releases.id, tracks.releaseId))
		.innerJoin(artists, eq(artists.id, tracks.artistId))
		.where(eq(tracks.id, sql.placeholder('id')))
		.prepare();

	return {
		track(id: string): TrackAccessRow | undefined {
			return trackById.get({ id });
		},
		release(id: string): ReleaseCoverRow | undefined {
			return releaseById.get({ id });
		},
		/** A track with what the player shows of its release and artist. */
		playable(id: string) {
			return playableById.get({ id });
		}
	};
}

export type MediaAccessRepository = ReturnType<typeof createMediaAccessRepository>;
