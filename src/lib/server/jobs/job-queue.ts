import type { Clock } from '../clock';
import { newId } from '../ids';
import type { JobRepository, JobRow } from './job-repository';
import {
	LeaseLostError,
	type ClaimedJob,
	type EnqueueOptions,
	type FailOptions,
	type FailOutcome,
	type JobQueue,
	type JobRecord
} from './types';

export const DEFAULT_MAX_ATTEMPTS = 3;
/** Retry n waits BASE × 2^(n-1): 10 s, 20 s, 40 s … capped at 10 minutes. */
export const RETRY_BASE_DELAY_MS = 10_000;
export const RETRY_MAX_DELAY_MS = 10 * 60_000;
/** Reasons are shown to people; a whole stack trace or ffmpeg log belongs in the worker's log instead. */
export const MAX_REASON_LENGTH = 2_000;

/** Shown to people (a track or cover that failed this way), so in plain words with what to do. */
export const WORKER_VANISHED_REASON =
	'Processing stopped part-way because the media worker quit unexpectedly. Try again.';

export function retryDelayMs(failedAttempt: number): number {
	return Math.min(RETRY_MAX_DELAY_MS, RETRY_BASE_DELAY_MS * 2 ** Math.max(0, failedAttempt - 1));
}

/** The embedded queue: a SQLite table, leases with heartbeats, fencing tokens, backoff, dead letters. */
export function createJobQueue(deps: { repo: JobRepository; clock: Clock }): JobQueue {
	const { repo, clock } = deps;

	return {
		enqueue(type: string, payload: unknown, options: EnqueueOptions = {}): JobRecord {
			const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
			if (!type) throw new RangeError('a job needs a type');
			requirePositiveInteger('maxAttempts', maxAttempts);
			const now = clock.now();
			const row: JobRow = {
				id: newId(),
				type,
				// JSON has no undefined; store null rather than fail the NOT NULL column.
				payload: payload === undefined ? null : payload,
				status: 'queued',
				attempts: 0,
				maxAttempts,
				runAfter: now + Math.max(0, options.delayMs ?? 0),
				leaseOwner: null,
				leaseToken: 0,
				leaseExpiresAt: null,
				progress: 0,
				lastError: null,
				createdAt: now,
				updatedAt: now,
				finishedAt: null
			};
			// A plain insert: inside the caller's transaction it commits with the caller's rows.
			repo.insert(row);
			return toRecord(row);
		},

		claim(workerId: string, types: readonly string[], leaseMs: number): ClaimedJob | null {
			requirePositiveInteger('leaseMs', leaseMs);
			if (types.length === 0) return null;
			return repo.immediate(() => {
				const now = clock.now();
				for (let row = repo.nextClaimable(types, now); row; row = repo.nextClaimable(types, now)) {
					const leaseExpired = row.status === 'running';
					if (leaseExpired && row.attempts >= row.maxAttempts) {
						repo.markAbandoned(row.id, row.leaseToken, now, WORKER_VANISHED_REASON);
						continue;
					}
					const claimed = repo.markClaimed(row.id, row.leaseToken, {
						owner: workerId,
						expiresAt: now + leaseMs,
						now,
						// A vanished worker's attempt counts as failed; say so while the retry runs.
						lastError: leaseExpired ? WORKER_VANISHED_REASON : row.lastError
					});
					// Under the write lock the token cannot have moved; if it somehow did, claim nothing this time.
					return claimed ? toClaimed(claimed) : null;
				}
				return null;
			});
		},

		heartbeat(jobId: string, token: number, leaseMs: number, progress?: number) {
			requirePositiveInteger('leaseMs', leaseMs);
			const now = clock.now();
			const leaseExpiresAt = now + leaseMs;
			const fraction = progress === undefined || Number.isNaN(progress) ? undefined : clamp01(progress);
			if (!repo.extendLease(jobId, token, now, leaseExpiresAt, fraction))
				throw new LeaseLostError(jobId, token);
			return { leaseExpiresAt };
		},

		complete(jobId: string, token: number, publish?: () => void): void {
			repo.immediate(() => {
				if (!repo.markSucceeded(jobId, token, clock.now())) throw new LeaseLostError(jobId, token);
				const result: unknown = publish?.();
				// An async publish would run its writes after COMMIT, outside the transaction: refuse it.
				if (isThenable(result)) throw new TypeError('complete(): publish must be synchronous');
			});
		},

		fail(jobId: string, token: number, reason: string, options: FailOptions = {}): FailOutcome {
			return repo.immediate(() => {
				const now = clock.now();
				const row = repo.findHeld(jobId, token, now);
				if (!row) throw new LeaseLostError(jobId, token);
				const readable = readableReason(reason);
				if (options.permanent || row.attempts >= row.maxAttempts) {
					repo.recordFailure(jobId, token, now, { status: 'dead', reason: readable });
					return { status: 'dead' };
				}
				const retryAt = now + retryDelayMs(row.attempts);
				repo.recordFailure(jobId, token, now, { status: 'failed', runAfter: retryAt, reason: readable });
				return { status: 'failed', retryAt };
			});
		},

		get(jobId: string): JobRecord | undefined {
			const row = repo.findById(jobId);
			return row && toRecord(row);
		}
	};
}

function toRecord(row: JobRow): JobRecord {
	const { leaseToken: _token, ...record } = row;
	return record;
}

function toClaimed(row: JobRow): ClaimedJob {
	return {
		id: row.id,
		type: row.type,
		payload: row.payload,
		attempt: row.attempts,
		maxAttempts: row.maxAttempts,
		token: row.leaseToken,
		leaseExpiresAt: row.leaseExpiresAt ?? 0
	};
}

function readableReason(reason: string): string {
	const text = String(reason ?? '').trim();
	if (!text) return 'the job failed without giving a reason';
	return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 1)}…` : text;
}

function clamp01(value: number): number {
	return Math.min(1, Math.max(0, value));
}

function isThenable(value: unknown): boolean {
	return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

function requirePositiveInteger(name: string, value: number): void {
	if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer`);
}
