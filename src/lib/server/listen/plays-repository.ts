import { and, count, desc, eq, gt, like, lt, ne, or, sql } from 'drizzle-orm';
import type { ShoalDb } from '../db';
import { artists, listeningHistory, plays, releases, settings, tracks } from '../db/schema';
import { isPlayableByAnyoneAt } from '../catalog/release-repository';

export type PlayRow = typeof plays.$inferSelect;
export type HistoryRow = typeof listeningHistory.$inferSelect;

/** A ready track on a release that is public at `now`: the only kind whose plays count. */
export interface CountableTrack {
	id: string;
	artistId: string;
	durationSeconds: number | null;
}

export interface HistoryEntryRow {
	id: string;
	playedAt: number;
	trackId: string;
	title: string;
	releaseId: string;
	releaseTitle: string;
	artistName: string;
	artistHandle: string;
	/** The track can still be heard by anyone (ready, on a release public now). */
	available: boolean;
}

/** Where history pages continue: strictly older than this entry. */
export interface HistoryCursor {
	playedAt: number;
	id: string;
}

const SALT_KEY_PREFIX = 'listener-salt:';

export function createPlaysRepository(db: ShoalDb) {
	return {
		/** Runs `fn` under BEGIN IMMEDIATE: the write lock is taken before anything is read. */
		immediate<T>(fn: () => T): T {
			return db.transaction(() => fn(), { behavior: 'immediate' });
		},

		findCountableTrack(trackId: string, now: number): CountableTrack | undefined {
			return db
				.select({ id: tracks.id, artistId: tracks.artistId, durationSeconds: tracks.durationSeconds })
				.from(tracks)
				.innerJoin(releases, eq(releases.id, tracks.releaseId))
				.where(and(eq(tracks.id, trackId), isPlayableByAnyoneAt(now)))
				.get();
		},

		/** Whether this listener has a counted play of this track after `since`. */
		playedSince(trackId: string, listenerKey: string, since: number): boolean {
			const row = db
				.select({ id: plays.id })
				.from(plays)
				.where(and(eq(plays.trackId, trackId), eq(plays.listenerKey, listenerKey), gt(plays.playedAt, since)))
				.limit(1)
				.get();
			return row !== undefined;
		},

		/** Counted plays of this listener, any track, after `since` (served by the played_at index). */
		countByListenerSince(listenerKey: string, since: number): number {
			const row = db
				.select({ n: count() })
				.from(plays)
				.where(and(gt(plays.playedAt, since), eq(plays.listenerKey, listenerKey)))
				.get();
			return row?.n ?? 0;
		},

		insertPlay(row: PlayRow): void {
			db.insert(plays).values(row).run();
		},

		insertHistory(row: HistoryRow): void {
			db.insert(listeningHistory).values(row).run();
		},

		countByTrack(trackId: string): number {
			return db.select({ n: count() }).from(plays).where(eq(plays.trackId, trackId)).get()?.n ?? 0;
		},

		/** Newest first; entries of deleted tracks are gone with them (cascade). */
		historyOf(userId: string, now: number, limit: number, before?: HistoryCursor): HistoryEntryRow[] {
			const older = before
				? or(
						lt(listeningHistory.playedAt, before.playedAt),
						and(eq(listeningHistory.playedAt, before.playedAt), lt(listeningHistory.id, before.id))
					)
				: undefined;
			return db
				.select({
					id: listeningHistory.id,
					playedAt: listeningHistory.playedAt,
					trackId: tracks.id,
					title: tracks.title,
					releaseId: releases.id,
					releaseTitle: releases.title,
					artistName: artists.name,
					artistHandle: artists.handle,
					available: sql<number>`coalesce(${isPlayableByAnyoneAt(now)}, 0)`
				})
				.from(listeningHistory)
				.innerJoin(tracks, eq(tracks.id, listeningHistory.trackId))
				.innerJoin(releases, eq(releases.id, tracks.releaseId))
				.innerJoin(artists, eq(artists.id, tracks.artistId))
				.where(and(eq(listeningHistory.userId, userId), older))
				.orderBy(desc(listeningHistory.playedAt), desc(listeningHistory.id))
				.limit(limit)
				.all()
				.map((row) => ({ ...row, available: Boolean(row.available) }));
		},

		clearHistory(userId: string): number {
			return db.delete(listeningHistory).where(eq(listeningHistory.userId, userId)).run().changes;
		},

		/**
		 * The anonymous-listener salts live in the settings table, one row per UTC day. Claiming is
		 * insert-if-absent, so concurrent first requests of a day agree on one salt.
		 */
		claimDailySalt(day: string, salt: string, at: number): string {
			const key = SALT_KEY_PREFIX + day;
			db.insert(settings).values({ key, value: salt, updatedAt: at }).onConflictDoNothing().run();
			return db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get()!.value;
		},

		/** Forgets every other day's salt, so hashes made with it can never be recomputed. */
		forgetSaltsExcept(day: string): number {
			return db
				.delete(settings)
				.where(and(like(settings.key, `${SALT_KEY_PREFIX}%`), ne(settings.key, SALT_KEY_PREFIX + day)))
				.run().changes;
		}
	};
}

export type PlaysRepository = ReturnType<typeof createPlaysRepository>;
