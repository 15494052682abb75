import os from 'node:os';
import type { Config } from '../../src/lib/server/config';
import { createTrackPipelineRepository } from '../../src/lib/server/catalog/track-pipeline-repository';
import { systemClock, type Clock } from '../../src/lib/server/clock';
import type { ShoalDb } from '../../src/lib/server/db';
import { createJobQueue } from '../../src/lib/server/jobs/job-queue';
import { createJobRepository } from '../../src/lib/server/jobs/job-repository';
import type { JobQueue } from '../../src/lib/server/jobs/types';
import type { Logger } from '../../src/lib/server/logger';
import { createMediaStore, type MediaStore } from '../../src/lib/server/media/media-store';
import { createCpuSlots } from '../ffmpeg/cpu-slots';
import { createFfmpegRunner, type FfmpegRunner } from '../ffmpeg/runner';
import { createDownloadRepository } from '../../src/lib/server/downloads/download-repository';
import { createDownloadHandler } from '../downloads/build-download';
import type { PipelineDeps } from './pipeline-deps';
import { createCoverHandler } from './process-cover';
import { createProfileImageHandler } from './process-profile-image';
import { createProfileImageRepository } from '../../src/lib/server/profiles/profile-image-repository';
import { createTrackHandler } from './process-track';
import { startWorkerLoop, type WorkerLoop } from './worker-loop';

/** Work in progress older than this belongs to a worker that died; a live job finishes long before. */
export const STALE_TEMP_MS = 60 * 60 * 1000;
const HOUSEKEEPING_INTERVAL_MS = 10_000;
/** The runner clamps to 19, the lowest priority; the ladder keeps the runner's default (+10). */
const LOWEST_NICENESS = 19;

export interface IngestWorkerOptions {
	config: Pick<
		Config,
		| 'mediaDir'
		| 'maxTrackSeconds'
		| 'workerConcurrency'
		| 'jobLeaseSeconds'
		| 'ffmpegPath'
		| 'ffprobePath'
		| 'origin'
	>;
	db: ShoalDb;
	logger: Logger;
	workerId: string;
	/** Tests pass their own (a fake clock, the app context's queue and store). */
	clock?: Clock;
	jobs?: JobQueue;
	store?: MediaStore;
	runner?: FfmpegRunner;
	pollMs?: number;
}

/** Sweeps abandoned temp dirs, then runs the job loop for track ingest, release covers and downloads. */
export async function startIngestWorker(options: IngestWorkerOptions): Promise<WorkerLoop> {
	const { config, db, logger } = options;
	const clock = options.clock ?? systemClock;
	const store = options.store ?? createMediaStore(config.mediaDir);
	const jobs = options.jobs ?? createJobQueue({ repo: createJobRepository(db), clock });
	const binaries = { ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath };
	const runner = options.runner ?? createFfmpegRunner(binaries);
	const analysisRunner = options.runner ?? createFfmpegRunner({ ...binaries, niceness: LOWEST_NICENESS });
	const repo = createTrackPipelineRepository(db);
	const deps: PipelineDeps = {
		jobs,
		repo,
		store,
		runner,
		analysisRunner,
		cpuSlots: createCpuSlots(os.availableParallelism()),
		clock,
		limits: { maxTrackSeconds: config.maxTrackSeconds }
	};

	const swept = await store.sweepTemp(STALE_TEMP_MS);
	if (swept > 0) logger.info({ swept }, 'removed work left behind by an interrupted worker');

	let lastHousekeeping = -Infinity;
	const handlers = [
		createTrackHandler(deps),
		createCoverHandler(deps),
		createProfileImageHandler(deps, createProfileImageRepository(db)),
		createDownloadHandler({
			jobs,
			repo: createDownloadRepository(db),
			store,
			runner,
			clock,
			origin: config.origin,
			maxTrackSeconds: config.maxTrackSeconds
		})
	];
	return startWorkerLoop({
		jobs,
		handlers,
		workerId: options.workerId,
		concurrency: config.workerConcurrency,
		leaseMs: config.jobLeaseSeconds * 1000,
		logger,
		pollMs: options.pollMs,
		onTurn() {
			if (Date.now() - lastHousekeeping < HOUSEKEEPING_INTERVAL_MS) return;
			lastHousekeeping = Date.now();
			for (const handler of handlers) {
				const failed = handler.failOwnersOfDeadJobs?.(clock.now()) ?? 0;
				if (failed > 0)
					logger.warn(
						{ failed, type: handler.type },
						'marked as failed what jobs that died with their worker were making'
					);
			}
		}
	});
}
