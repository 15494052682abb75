import { and, asc, count, desc, eq, getTableColumns, gte, lte, sql } from 'drizzle-orm';
import type { ShoalDb } from '../db';
import { artists, plays, releases, tracks } from '../db/schema';
import type { ArtistRow } from '../artists/artist-repository';
import { isPublicAt, type ReleaseRow } from '../catalog/release-repository';
import type { TrackRow } from '../catalog/track-repository';

/** Every track column but the ~1,500 peaks, which only the track page needs. */
const { peaks: _peaks, ...trackListColumns } = getTableColumns(tracks);
const artistColumns = { name: artists.name, handle: artists.handle, userId: artists.userId };
const releaseColumns = {
	id: releases.id,
	title: releases.title,
	type: releases.type,
	releaseDate: releases.releaseDate,
	coverKey: releases.coverKey
};

export type ListedTrack = Omit<TrackRow, 'peaks'>;
export interface ArtistRef {
	name: string;
	handle: string;
	userId: string;
}
export type ReleaseRef = Pick<ReleaseRow, 'id' | 'title' | 'type' | 'releaseDate' | 'coverKey'>;

const readyCount = sql<number>`(select count(*) from ${tracks} where ${tracks.releaseId} = ${releases.id} and ${tracks.status} = 'ready')`;
/** Newest public first: the moment it went public, else when it was made. */
const newestFirst = desc(sql`coalesce(${releases.publishAt}, ${releases.createdAt})`);

/**
 * The read side of the catalogue for listeners: every query here is one statement (no per-row
 * follow-ups). Visibility of whole lists is decided in SQL with `isPublicAt`; single rows come back
 * whatever their status, with what the policy (auth/policy.ts) needs to decide who may see them.
 */
export function createPublicCatalogRepository(db: ShoalDb) {
	return {
		newReleases(now: number, limit: number) {
			return db
				.select({ release: releases, artist: artistColumns, trackCount: readyCount })
				.from(releases)
				.innerJoin(artists, eq(artists.id, releases.artistId))
				.where(isPublicAt(now))
				.orderBy(newestFirst, desc(releases.id))
				.limit(limit)
				.all();
		},

		releasesWithTag(tag: string, now: number, limit: number) {
			return db
				.select({ release: releases, artist: artistColumns, trackCount: readyCount })
				.from(releases)
				.innerJoin(artists, eq(artists.id, releases.artistId))
				.where(
					and(
						isPublicAt(now),
						sql`exists (select 1 from json_each(${releases.tags}) where json_each.value = ${tag})`
					)
				)
				.orderBy(newestFirst, desc(releases.id))
				.limit(limit)
				.all();
		},

		/** Tags of public releases, the most used first. */
		tagCounts(now: number, limit: number): Array<{ tag: string; releases: number }> {
			return db
				.all<{ tag: string; releases: number }>(
					sql`select json_each.value as tag, count(*) as releases
						from ${releases}, json_each(${releases.tags})
						where ${isPublicAt(now)}
						group by json_each.value
						order by count(*) desc, json_each.value asc
						limit ${limit}`
				)
				.map((row) => ({ tag: String(row.tag), releases: Number(row.releases) }));
		},

		/** Ready, public tracks with the most counted plays in [since, now]. */
		trending(now: number, since: number, limit: number) {
			const playCount = count(plays.id);
			return db
				.select({ track: trackListColumns, release: releaseColumns, artist: artistColumns, plays: playCount })
				.from(plays)
				.innerJoin(tracks, eq(tracks.id, plays.trackId))
				.innerJoin(releases, eq(releases.id, tracks.releaseId))
				.innerJoin(artists, eq(artists.id, releases.artistId))
				.where(
					and(
						gte(plays.playedAt, since),
						lte(plays.playedAt, now),
						eq(tracks.status, 'ready'),
						isPublicAt(now)
					)
				)
				.groupBy(tracks.id)
				.orderBy(desc(playCount), asc(tracks.title))
				.limit(limit)
				.all();
		},

		/** An artist's ready tracks on public releases, by counted plays of all time. */
		topTracksOfArtist(artistId: string, now: number, limit: number) {
			const playCount = sql<number>`(select count(*) from ${plays} where ${plays.trackId} = ${tracks.id})`;
			return db
				.select({ track: trackListColumns, release: releaseColumns, plays: playCount })
				.from(tracks)
				.innerJoin(releases, eq(releases.id, tracks.releaseId))
				.where(and(eq(tracks.artistId, artistId), eq(tracks.status, 'ready'), isPublicAt(now)))
				.orderBy(desc(playCount), newestFirst, asc(tracks.position))
				.limit(limit)
				.all();
		},

		/** A release with its artist, whatever its status. */
		releaseById(id: string) {
			return db
				.select({ release: releases, artist: artistColumns })
				.from(releases)
				.innerJoin(artists, eq(artists.id, releases.artistId))
				.where(eq(releases.id, id))
				.get();
		},

		/** A release's ready tracks in order, in one query. */
		readyTracksOfRelease(releaseId: string): ListedTrack[] {
			return db
				.select(trackListColumns)
				.from(tracks)
				.where(and(eq(tracks.releaseId, releaseId), eq(tracks.status, 'ready')))
				.orderBy(asc(tracks.position), asc(tracks.createdAt))
				.all();
		},

		/** A track with its release and artist (peaks included), whatever their status. */
		trackById(id: string) {
			return db
				.select({
					track: tracks,
					release: {
						...releaseColumns,
						licence: releases.licence,
						status: releases.status,
						publishAt: releases.publishAt
					},
					artist: artistColumns,
					plays: sql<number>`(select count(*) from ${plays} where ${plays.trackId} = ${tracks.id})`
				})
				.from(tracks)
				.innerJoin(releases, eq(releases.id, tracks.releaseId))
				.innerJoin(artists, eq(artists.id, releases.artistId))
				.where(eq(tracks.id, id))
				.get();
		},

		artistByHandle(handle: string): ArtistRow | undefined {
			return db.select().from(artists).where(eq(artists.handle, handle)).get();
		}
	};
}

export type PublicCatalogRepository = ReturnType<typeof createPublicCatalogRepository>;
