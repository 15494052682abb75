import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * queued: waiting for its first run · running: leased by a worker · failed: an attempt failed and a retry
 * waits until run_after · succeeded · dead: out of attempts (or not worth retrying), last_error says why.
 */
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'dead'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Background work (the media worker's ingest, for now). Times are epoch milliseconds. */
export const jobs = sqliteTable(
	'jobs',
	{
		id: text('id').primaryKey(),
		type: text('type').notNull(),
		payload: text('payload', { mode: 'json' }).$type<unknown>().notNull(),
		status: text('status', { enum: JOB_STATUSES }).notNull(),
		attempts: integer('attempts').notNull().default(0),
		maxAttempts: integer('max_attempts').notNull(),
		/** Not claimable before this: the creation time, or the end of a retry's backoff. */
		runAfter: integer('run_after').notNull(),
		leaseOwner: text('lease_owner'),
		/**
		 * Fencing token: raised on every claim and never reset, so a worker whose lease was taken over holds
		 * a stale token and every write it attempts matches no row.
		 */
		leaseToken: integer('lease_token').notNull().default(0),
		leaseExpiresAt: integer('lease_expires_at'),
		/** 0..1, reported with heartbeats. */
		progress: real('progress').notNull().default(0),
		/** The reason the latest attempt failed, written for the person who uploaded. */
		lastError: text('last_error'),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull(),
		finishedAt: integer('finished_at')
	},
	(table) => [index('jobs_status_run_after_idx').on(table.status, table.runAfter)]
);
