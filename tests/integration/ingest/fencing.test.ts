import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFfmpegRunner } from '../../../media-worker/ffmpeg/runner';
import type { JobContext } from '../../../media-worker/ingest/job-handler';
import type { PipelineDeps } from '../../../media-worker/ingest/pipeline-deps';
import { processTrack } from '../../../media-worker/ingest/process-track';
import { INGEST_JOB } from '../../../src/lib/server/catalog/catalog-service';
import { createTrackPipelineRepository } from '../../../src/lib/server/catalog/track-pipeline-repository';
import { LeaseLostError, type ClaimedJob } from '../../../src/lib/server/jobs/types';
import { createLogger } from '../../../src/lib/server/logger';
import { tempDir } from '../../helpers/app-context';
import { generateTrack, type GeneratedAudio } from '../../helpers/audio';
import {
	createIngestApp,
	OUTCOME_TIMEOUT_MS,
	TEST_TIMEOUT_MS,
	tempLeftOver,
	versionsOf,
	track,
	upload,
	type IngestApp
} from './fixtures';

// Real ffmpeg on generated audio, on a shared 2-core machine: generous limits, never timings.
vi.setConfig({ testTimeout: TEST_TIMEOUT_MS, hookTimeout: OUTCOME_TIMEOUT_MS });

/**
 * The pipeline driven by hand, so each fencing case happens exactly: a worker whose lease was taken
 * over before it publishes, and a job whose track was handed to a newer job.
 */

const LEASE_MS = 30_000;
let dir: string;
let source: GeneratedAudio;
let app: IngestApp;
let deps: PipelineDeps;

beforeAll(() => {
	dir = tempDir('shoal-fencing-src-');
	source = generateTrack({ dir, name: 'fenced', seconds: 3, format: 'wav' });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

beforeEach(async () => {
	app = await createIngestApp();
	const { context } = app;
	deps = {
		jobs: context.jobs,
		repo: createTrackPipelineRepository(context.dbHandle.db),
		store: context.store,
		runner: createFfmpegRunner(),
		clock: context.clock,
		limits: { maxTrackSeconds: context.config.maxTrackSeconds }
	};
});
afterEach(() => app.cleanup());

function run(job: ClaimedJob): Promise<void> {
	const context: JobContext = {
		job,
		signal: new AbortController().signal,
		reportProgress: () => {},
		logger: createLogger({ logLevel: 'silent', logFormat: 'json' })
	};
	return processTrack(deps, context);
}

describe('fencing', () => {
	it('a worker whose lease was taken over publishes nothing and writes nothing', async () => {
		const registered = await upload(app, source.path);
		const stale = app.context.jobs.claim('worker-a', [INGEST_JOB], LEASE_MS)!;
		app.clock.advance(LEASE_MS + 1);
		const current = app.context.jobs.claim('worker-b', [INGEST_JOB], LEASE_MS)!;
		expect(current).toMatchObject({ id: stale.id, token: stale.token + 1 });

		// It runs the whole pipeline, and only its completion finds out: then it removes what it published.
		await expect(run(stale)).rejects.toBeInstanceOf(LeaseLostError);
		expect(versionsOf(app, registered.id)).toEqual([]);
		expect(await tempLeftOver(app)).toEqual([]);
		expect(track(app, registered.id)).toMatchObject({
			status: 'processing',
			stage: 'queued',
			progress: 0,
			mediaKey: null
		});

		await run(current);
		const ready = track(app, registered.id);
		expect(ready).toMatchObject({ status: 'ready', mediaKey: `tracks/${ready.id}/v${current.id}-2` });
		expect(versionsOf(app, registered.id)).toEqual([`v${current.id}-2`]);
	});

	it('a job whose track was replaced meanwhile completes without touching the track', async () => {
		const registered = await upload(app, source.path);
		const superseded = app.context.jobs.claim('worker-a', [INGEST_JOB], LEASE_MS)!;
		const staged = path.join(app.context.config.uploadsDir, 'replacement');
		fs.copyFileSync(source.path, staged);
		const replaced = await app.context.catalog.registerUpload(app.actor, {
			releaseId: app.releaseId,
			filePath: staged,
			originalName: 'replacement.wav',
			replaceTrackId: registered.id
		});

		await run(superseded);
		expect(app.context.jobs.get(superseded.id)).toMatchObject({ status: 'succeeded' });
		expect(track(app, registered.id)).toMatchObject({
			status: 'processing',
			stage: 'queued',
			jobId: replaced.jobId
		});
		expect(versionsOf(app, registered.id)).toEqual([]);
	});
});
