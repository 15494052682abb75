import type { ClaimedJob, FailOutcome, JobQueue } from '../../src/lib/server/jobs/types';
import type { JobFailure } from './job-failure';

/** The thing a job works for (a track, a release's cover, an avatar, a download) and how its state moves. */
export interface FailureOwner {
	/** Out of attempts, or the file is at fault: the owner shows "failed" with the reason and detail. */
	dead(reason: string, detail: string | null): void;
	/** Another attempt follows after a backoff; the owner may say so while it waits. */
	retrying?(note: string): void;
}

/**
 * The one way a job handler records a failure: the job's attempt and its owner's state commit in the
 * same transaction, so an owner is never left "processing" behind a dead job. `immediate` is the
 * repository's BEGIN IMMEDIATE (the queue's own transaction nests in it as a savepoint).
 */
export function failWithOwner(
	deps: { jobs: JobQueue; immediate: <T>(work: () => T) => T },
	job: ClaimedJob,
	failure: JobFailure,
	owner: FailureOwner | null
): FailOutcome {
	return deps.immediate(() => {
		const outcome = deps.jobs.fail(job.id, job.token, failure.reason, { permanent: failure.permanent });
		if (!owner) return outcome;
		if (outcome.status === 'dead') owner.dead(failure.reason, failure.detail);
		else owner.retrying?.(`Retrying (attempt ${job.attempt + 1} of ${job.maxAttempts}): ${failure.reason}`);
		return outcome;
	});
}
