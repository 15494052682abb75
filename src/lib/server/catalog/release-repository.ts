import { and, asc, desc, eq, gte, isNotNull, or, lte, sql } from 'drizzle-orm';
import type { ShoalDb } from '../db';
import { releases, tracks } from '../db/schema';

export type ReleaseRow = typeof releases.$inferSelect;

/** Public means published, or scheduled and its moment has come (no timer needed). */
export function isPublicAt(now: number) {
	return or(
		eq(releases.status, 'published'),
		and(eq(releases.status, 'scheduled'), lte(releases.publishAt, now))
	);
}

/** A track anyone may hear at `now`: processed (ready, with its media) on a release public then. */
export function isPlayableByAnyoneAt(now: number) {
	return and(eq(tracks.status, 'ready'), isNotNull(tracks.mediaKey), isPublicAt(now));
}

export function createReleaseRepository(db: ShoalDb) {
	return {
		insert(row: ReleaseRow): void {
			db.insert(releases).values(row).run();
		},
		update(id: string, fields: Partial<Omit<ReleaseRow, 'id' | 'artistId' | 'createdAt'>>): void {
			db.update(releases).set(fields).where(eq(releases.id, id)).run();
		},
		findById(id: string): ReleaseRow | undefined {
			return db.select().from(releases).where(eq(releases.id, id)).get();
		},
		findByCreationKey(artistId: string, creationKey: string): ReleaseRow | undefined {
			return db
				.select()
				.from(releases)
				.where(and(eq(releases.artistId, artistId), eq(releases.creationKey, creationKey)))
				.get();
		},
		listByArtist(
			artistId: string
		): Array<ReleaseRow & { trackCount: number; readyCount: number; failedCount: number }> {
			return db
				.select({
					release: releases,
					trackCount: sql<number>`count(${tracks.id})`,
					readyCount: sql<number>`coalesce(sum(${tracks.status} = 'ready'), 0)`,
					failedCount: sql<number>`coalesce(sum(${tracks.status} = 'failed'), 0)`
				})
				.from(releases)
				.leftJoin(tracks, eq(tracks.releaseId, releases.id))
				.where(eq(releases.artistId, artistId))
				.groupBy(releases.id)
				.orderBy(desc(releases.createdAt))
				.all()
				.map((r) => ({
					...r.release,
					trackCount: Number(r.trackCount),
					readyCount: Number(r.readyCount),
					failedCount: Number(r.failedCount)
				}));
		},
		/** For the live relay: releases changed at or after `since`, oldest first. */
		changedSince(since: number, limit = 200): ReleaseRow[] {
			return db
				.select()
				.from(releases)
				.where(gte(releases.updatedAt, since))
				.orderBy(asc(releases.updatedAt))
				.limit(limit)
				.all();
		},
		/** Public releases with the number of tracks listeners can hear (ready ones). */
		listPublicByArtist(artistId: string, now: number): Array<ReleaseRow & { trackCount: number }> {
			return db
				.select({
					release: releases,
					trackCount: sql<number>`coalesce(sum(${tracks.status} = 'ready'), 0)`
				})
				.from(releases)
				.leftJoin(tracks, eq(tracks.releaseId, releases.id))
				.where(and(eq(releases.artistId, artistId), isPublicAt(now)))
				.groupBy(releases.id)
				.orderBy(desc(releases.releaseDate), desc(releases.createdAt))
				.all()
				.map((r) => ({ ...r.release, trackCount: Number(r.trackCount) }));
		}
	};
}

export type ReleaseRepository = ReturnType<typeof createReleaseRepository>;
