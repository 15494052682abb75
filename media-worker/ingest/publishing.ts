import type { Logger } from '../../src/lib/server/logger';
import type { ClaimedJob } from '../../src/lib/server/jobs/types';
import type { MediaStore } from '../../src/lib/server/media/media-store';
import { abortCause } from './job-handler';
import { IngestError } from './job-failure';

/**
 * The version part of a published key. The fencing token alone repeats across jobs (a retried or
 * replaced track gets a new job whose tokens start at 1 again), so the job id comes with it: no two
 * attempts ever publish to the same directory, and none overwrites what listeners are streaming.
 */
export function outputVersion(job: ClaimedJob): string {
	return `${job.id}-${job.token}`;
}

/** Before publishing: once the lease is gone, nothing this attempt made may become visible. */
export function throwIfLeaseLost(signal: AbortSignal): void {
	if (abortCause(signal) === 'lease-lost')
		throw new IngestError('this attempt lost its lease before publishing', false);
}

/** Cleanup after the outcome is decided; a leftover directory is wasted space, never a failed job. */
export async function removeQuietly(
	store: MediaStore,
	keys: readonly (string | null | undefined)[],
	logger: Logger
): Promise<void> {
	for (const key of keys) {
		if (!key) continue;
		try {
			await store.remove(key);
		} catch (error) {
			logger.warn({ err: error, key }, 'could not remove an unused media directory');
		}
	}
}
