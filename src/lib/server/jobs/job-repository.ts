import { and, asc, eq, gt, inArray, lte, or, sql } from 'drizzle-orm';
import type { ShoalDb } from '../db';
import { jobs } from '../db/schema';

export type JobRow = typeof jobs.$inferSelect;

/** Every write by a worker is fenced: the job must still be running under its token, lease unexpired. */
function heldBy(id: string, token: number, now: number) {
	return and(
		eq(jobs.id, id),
		eq(jobs.status, 'running'),
		eq(jobs.leaseToken, token),
		gt(jobs.leaseExpiresAt, now)
	);
}

export function createJobRepository(db: ShoalDb) {
	return {
		/**
		 * BEGIN IMMEDIATE takes the write lock before the first read, so two claimers on separate
		 * connections cannot both read the same job as free. Inside an outer transaction it nests as a
		 * savepoint (better-sqlite3), which is what lets callers' writes join ours.
		 */
		immediate<T>(work: () => T): T {
			return db.transaction(() => work(), { behavior: 'immediate' });
		},

		insert(row: JobRow): void {
			db.insert(jobs).values(row).run();
		},

		findById(id: string): JobRow | undefined {
			return db.select().from(jobs).where(eq(jobs.id, id)).get();
		},

		findHeld(id: string, token: number, now: number): JobRow | undefined {
			return db
				.select()
				.from(jobs)
				.where(heldBy(id, token, now))
				.get();
		},

		/** The job runnable longest: due (queued or retrying) or running under an expired lease. */
		nextClaimable(types: readonly string[], now: number): JobRow | undefined {
			return db
				.select()
				.from(jobs)
				.where(
					and(
						inArray(jobs.type, [...types]),
						or(
							and(inArray(jobs.status, ['queued', 'failed']), lte(jobs.runAfter, now)),
							and(eq(jobs.status, 'running'), lte(jobs.leaseExpiresAt, now))
						)
					)
				)
				.orderBy(asc(jobs.runAfter), sql`rowid`)
				.limit(1)
				.get();
		},

		/** Leases the job under the next fencing token; undefined if the token moved since it was read. */
		markClaimed(
			id: string,
			previousToken: number,
			lease: { owner: string; expiresAt: number; now: number; lastError: string | null }
		): JobRow | undefined {
			return db
				.update(jobs)
				.set({
					status: 'running',
					attempts: sql`${jobs.attempts} + 1`,
					leaseToken: sql`${jobs.leaseToken} + 1`,
					leaseOwner: lease.owner,
					leaseExpiresAt: lease.expiresAt,
					lastError: lease.lastError,
					updatedAt: lease.now
				})
				.where(and(eq(jobs.id, id), eq(jobs.leaseToken, previousToken)))
				.returning()
				.get();
		},

		/** A running job whose worker vanished, with no attempts left. */
		markAbandoned(id: string, token: number, now: number, reason: string): void {
			db.update(jobs)
				.set({ status: 'dead', lastError: reason, leaseExpiresAt: null, updatedAt: now, finishedAt: now })
				.where(and(eq(jobs.id, id), eq(jobs.status, 'running'), eq(jobs.leaseToken, token)))
				.run();
		},

		extendLease(id: string, token: number, now: number, expiresAt: number, progress?: number): boolean {
			const result = db
				.update(jobs)
				.set({ leaseExpiresAt: expiresAt, updatedAt: now, ...(progress === undefined ? {} : { progress }) })
				.where(heldBy(id, token, now))
				.run();
			return result.changes === 1;
		},

		markSucceeded(id: string, token: number, now: number): boolean {
			const result = db
				.update(jobs)
				.set({ status: 'succeeded', progress: 1, leaseExpiresAt: null, updatedAt: now, finishedAt: now })
				.where(heldBy(id, token, now))
				.run();
			return result.changes === 1;
		},

		recordFailure(
			id: string,
			token: number,
			now: number,
			outcome: { status: 'failed'; runAfter: number; reason: string } | { status: 'dead'; reason: string }
		): boolean {
			const result = db
				.update(jobs)
				.set({
					status: outcome.status,
					lastError: outcome.reason,
					leaseExpiresAt: null,
					updatedAt: now,
					...(outcome.status === 'failed' ? { runAfter: outcome.runAfter } : { finishedAt: now })
				})
				.where(heldBy(id, token, now))
				.run();
			return result.changes === 1;
		}
	};
}

export type JobRepository = ReturnType<typeof createJobRepository>;
