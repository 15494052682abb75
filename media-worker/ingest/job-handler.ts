import type { Logger } from '../../src/lib/server/logger';
import type { ClaimedJob, FailOutcome } from '../../src/lib/server/jobs/types';
import type { FailureSubject } from '../ffmpeg/errors';
import type { JobFailure } from './job-failure';

/** Why a running job's signal was aborted. */
export type AbortCause = 'lease-lost' | 'shutdown';

export interface JobContext {
	job: ClaimedJob;
	/** Aborted when this worker lost the lease or is stopping; `signal.reason` is an AbortCause. */
	signal: AbortSignal;
	/** Overall progress 0..1, carried by the next heartbeat. */
	reportProgress(fraction: number): void;
	logger: Logger;
}

/**
 * One kind of job. `run` throws on failure (never returns an error) and completes the job itself,
 * because its domain writes must commit in the same transaction as the completion. `fail` records a
 * failure the loop classified, again together with the domain's own writes.
 */
export interface JobHandler {
	type: string;
	/** What the job makes, so its failures are worded for it ("This file isn't audio…", "This image…"). */
	subject: FailureSubject;
	run(context: JobContext): Promise<void>;
	/** Use `failWithOwner` (owner-failure.ts): the job's failure and its owner's state commit together. */
	fail(job: ClaimedJob, failure: JobFailure): FailOutcome;
	/**
	 * The queue buries a job whose worker vanished on its last attempt (kill -9, power loss) without
	 * knowing what it worked for; this moves such owners from "processing" to "failed" with the job's
	 * reason, so none waits forever. Runs on the loop's housekeeping turns; returns how many it moved.
	 */
	failOwnersOfDeadJobs?(now: number): number;
}

export function abortCause(signal: AbortSignal): AbortCause | null {
	return signal.aborted ? (signal.reason as AbortCause) : null;
}
