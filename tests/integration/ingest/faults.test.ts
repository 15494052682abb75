import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { plainFailure } from '../../../media-worker/ffmpeg/errors';
import { STAGE_RANGES } from '../../../media-worker/ingest/track-progress';
import { SHUTDOWN_FAILURE } from '../../../media-worker/ingest/worker-loop';
import type { TrackRow } from '../../../src/lib/server/catalog/track-repository';
import { tempDir } from '../../helpers/app-context';
import { generateTrack, type GeneratedAudio } from '../../helpers/audio';
import { alive } from '../../helpers/processes';
import {
	createIngestApp,
	OUTCOME_TIMEOUT_MS,
	TEST_TIMEOUT_MS,
	settled,
	tempLeftOver,
	versionsOf,
	upload,
	type IngestApp
} from './fixtures';
import { killWorker, spawnWorker, type WorkerProcess } from './worker-process';

// Real ffmpeg on generated audio, on a shared 2-core machine: generous limits, never timings.
vi.setConfig({ testTimeout: TEST_TIMEOUT_MS, hookTimeout: OUTCOME_TIMEOUT_MS });

/**
 * Faults with real worker processes on one SQLite file and media store. The tests wait for outcomes
 * (rows, files, log lines), never for a length of time.
 */

let dir: string;
let long: GeneratedAudio;
let short: GeneratedAudio;
let app: IngestApp;
let workers: WorkerProcess[] = [];
let orphans: number[] = [];

beforeAll(() => {
	dir = tempDir('shoal-faults-src-');
	// Long enough that the transcode is still running when the test acts on it.
	long = generateTrack({ dir, name: 'long', seconds: 120, format: 'wav' });
	short = generateTrack({ dir, name: 'short', seconds: 3, format: 'wav' });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

afterEach(() => {
	for (const worker of workers) killWorker(worker, orphans);
	workers = [];
	orphans = [];
	app?.cleanup();
});

function worker(env: Record<string, string> = {}): WorkerProcess {
	const started = spawnWorker(app.dataDir, env);
	workers.push(started);
	return started;
}

const encodingUnderway = (row: TrackRow) =>
	row.stage === 'encoding' && row.progress > STAGE_RANGES.encoding[0] && row.progress < 0.5;

describe('a worker that dies or stalls mid-transcode', () => {
	it('kill -9: the job is leased again after the lease expires, and completes', async () => {
		app = await createIngestApp();
		const registered = await upload(app, long.path);
		const first = worker();
		await settled(app, registered.id, encodingUnderway);

		orphans = first.children();
		first.child.kill('SIGKILL');
		const second = worker();
		const ready = await settled(app, registered.id);

		expect(ready).toMatchObject({ status: 'ready', error: null });
		expect(app.context.jobs.get(ready.jobId!)).toMatchObject({ status: 'succeeded', attempts: 2 });
		expect(ready.mediaKey).toBe(`tracks/${ready.id}/v${ready.jobId}-2`);
		expect(fs.existsSync(path.join(app.context.store.pathOf(ready.mediaKey!), 'master.m3u8'))).toBe(true);
		expect(versionsOf(app, ready.id)).toEqual([`v${ready.jobId}-2`]);
		expect(alive(second.pid)).toBe(true);
	});

	it('SIGSTOP past the lease, then SIGCONT: the first worker cannot complete; the second publishes once', async () => {
		app = await createIngestApp();
		const registered = await upload(app, long.path);
		const first = worker();
		await settled(app, registered.id, encodingUnderway);

		first.child.kill('SIGSTOP');
		const second = worker();
		const ready = await settled(app, registered.id);
		const job = app.context.jobs.get(ready.jobId!)!;
		expect(job).toMatchObject({ status: 'succeeded', attempts: 2 });
		expect(job.leaseOwner).toContain(`:${second.pid}:`);

		first.child.kill('SIGCONT');
		await first.waitForLog(/no longer holds the lease; its output was discarded/);

		// Exactly one published version, the second worker's, and the row it wrote is untouched since.
		expect(app.context.repositories.tracks.findById(ready.id)).toEqual(ready);
		expect(ready.mediaKey).toBe(`tracks/${ready.id}/v${ready.jobId}-2`);
		expect(versionsOf(app, ready.id)).toEqual([`v${ready.jobId}-2`]);
		expect(await tempLeftOver(app)).toEqual([]);
		expect(app.context.jobs.get(ready.jobId!)).toEqual(job);
		// Losing a lease ends that attempt, not the worker.
		expect(alive(first.pid)).toBe(true);
		expect(first.exited()).toBe(false);
	});
});

describe('stopping a worker (SIGTERM, as the supervisor does)', () => {
	it('aborts the running transcode and records a retryable failure before exiting', async () => {
		app = await createIngestApp();
		const registered = await upload(app, long.path);
		const only = worker();
		await settled(app, registered.id, encodingUnderway);
		const ffmpegs = only.children();
		expect(ffmpegs.length).toBeGreaterThan(0);

		only.child.kill('SIGTERM');
		const [code] = await once(only.child, 'exit');
		expect(code).toBe(0);
		const stopped = app.context.repositories.tracks.findById(registered.id)!;
		expect(stopped).toMatchObject({ status: 'processing', stage: 'retrying' });
		expect(stopped.error).toBe(`Retrying (attempt 2 of 3): ${SHUTDOWN_FAILURE.reason}`);
		expect(app.context.jobs.get(stopped.jobId!)).toMatchObject({ status: 'failed', attempts: 1 });
		expect(await tempLeftOver(app)).toEqual([]);
		expect(ffmpegs.filter(alive)).toEqual([]);
	});
});

describe('a machine without ffmpeg', () => {
	it('fails the track with "ffmpeg is not installed" after its retries, and the worker keeps running', async () => {
		app = await createIngestApp();
		const registered = await upload(app, short.path);
		const missing = path.join(dir, 'no-such-dir', 'ffmpeg');
		const only = worker({ SHOAL_FFMPEG_PATH: missing });

		const retrying = await settled(app, registered.id, (row) => row.stage === 'retrying');
		const plain = plainFailure('not_installed', 'audio');
		expect(retrying.error).toBe(`Retrying (attempt 2 of 3): ${plain}`);
		const failed = await settled(app, registered.id);
		// Plain words for the artist; the operator's detail beside them.
		expect(failed).toMatchObject({
			status: 'failed',
			error: plain,
			errorDetail: `ffmpeg is not installed (tried "${missing}").`
		});
		expect(app.context.jobs.get(failed.jobId!)).toMatchObject({ status: 'dead', attempts: 3 });
		expect(await tempLeftOver(app)).toEqual([]);
		expect(only.exited()).toBe(false);
		expect(alive(only.pid)).toBe(true);
	});
});
