import type { JobStatus } from '../db/schema/jobs';

export type { JobStatus } from '../db/schema/jobs';
export { JOB_STATUSES } from '../db/schema/jobs';

/**
 * The jobs seam. The embedded implementation is a SQLite table with leases (job-queue.ts); a BullMQ or
 * Postgres one implements the same interface. Payloads are plain JSON; consumers validate them (zod)
 * when they claim, since a payload may outlive the code version that wrote it.
 *
 * Methods are synchronous because the embedded queue shares the app's better-sqlite3 connection, which
 * lets `enqueue` and `complete` join the caller's transaction (track row + job row commit together).
 * A networked implementation would make these async and take the caller's transaction explicitly.
 */
export interface JobQueue {
	enqueue(type: string, payload: unknown, options?: EnqueueOptions): JobRecord;
	/** The oldest runnable job of one of `types`, leased to `workerId` for `leaseMs`; null when none. */
	claim(workerId: string, types: readonly string[], leaseMs: number): ClaimedJob | null;
	/** Extends the lease (and records progress 0..1). Throws LeaseLostError once the lease is gone. */
	heartbeat(jobId: string, token: number, leaseMs: number, progress?: number): { leaseExpiresAt: number };
	/**
	 * Marks the job succeeded, running `publish` (the caller's own writes) in the same transaction, so
	 * "track ready" and "job succeeded" commit together or not at all. Throws LeaseLostError when the
	 * caller no longer holds the lease (and then `publish` never runs). `publish` must be synchronous and
	 * write through the same connection; its own transactions nest as savepoints.
	 */
	complete(jobId: string, token: number, publish?: () => void): void;
	/** Records a failed attempt: a retry after backoff, or dead when out of attempts or `permanent`. */
	fail(jobId: string, token: number, reason: string, options?: FailOptions): FailOutcome;
	get(jobId: string): JobRecord | undefined;
}

export interface EnqueueOptions {
	/** Attempts before the job is dead (default 3). */
	maxAttempts?: number;
	/** Not runnable until this many milliseconds from now. */
	delayMs?: number;
}

export interface FailOptions {
	/** The input itself is bad (not audio, too long…): retrying cannot help. */
	permanent?: boolean;
}

export type FailOutcome = { status: 'failed'; retryAt: number } | { status: 'dead' };

export interface JobRecord {
	id: string;
	type: string;
	payload: unknown;
	status: JobStatus;
	attempts: number;
	maxAttempts: number;
	runAfter: number;
	progress: number;
	lastError: string | null;
	leaseOwner: string | null;
	leaseExpiresAt: number | null;
	createdAt: number;
	updatedAt: number;
	finishedAt: number | null;
}

export interface ClaimedJob {
	id: string;
	type: string;
	payload: unknown;
	/** 1 for the first run. */
	attempt: number;
	maxAttempts: number;
	/** Pass back on every heartbeat/complete/fail: it proves this worker still holds the lease. */
	token: number;
	leaseExpiresAt: number;
}

/** The caller's lease expired or was taken over: it must stop and write nothing more for this job. */
export class LeaseLostError extends Error {
	override name = 'LeaseLostError';
	constructor(
		readonly jobId: string,
		readonly token: number
	) {
		super(`lost the lease on job ${jobId} (token ${token}): another worker may be running it`);
	}
}

export function isLeaseLostError(error: unknown): error is LeaseLostError {
	return error instanceof LeaseLostError;
}
