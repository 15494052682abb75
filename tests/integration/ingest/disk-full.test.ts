import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { WorkerLoop } from '../../../media-worker/ingest/worker-loop';
import { plainFailure } from '../../../media-worker/ffmpeg/errors';
import { RETRY_MAX_DELAY_MS } from '../../../src/lib/server/jobs/job-queue';
import { tempDir } from '../../helpers/app-context';
import { generateTrack, type GeneratedAudio } from '../../helpers/audio';
import { until } from '../../helpers/processes';
import {
	createIngestApp,
	TEST_TIMEOUT_MS,
	OUTCOME_TIMEOUT_MS,
	settled,
	startLoop,
	tempLeftOver,
	upload,
	type IngestApp
} from './fixtures';

// Real ffmpeg on generated audio, on a shared 2-core machine: generous limits, never timings.
vi.setConfig({ testTimeout: TEST_TIMEOUT_MS, hookTimeout: OUTCOME_TIMEOUT_MS });

/**
 * A real ENOSPC: the media store sits on a tmpfs just larger than the upload, so the ladder runs out
 * of room. The database stays on the ordinary disk, as on a server whose media volume filled up.
 * Mounting needs root (CAP_SYS_ADMIN); without it the test is skipped and says why.
 */

let app: IngestApp;
let loop: WorkerLoop | undefined;
let dir: string;
let source: GeneratedAudio;
let mountError: string | null = null;

beforeAll(async () => {
	dir = tempDir('shoal-diskfull-src-');
	source = generateTrack({ dir, name: 'full', seconds: 10, format: 'wav' });
	app = await createIngestApp();
	const sizeKb = Math.ceil(fs.statSync(source.path).size / 1024) + 400;
	const mounted = spawnSync(
		'mount',
		['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', app.context.config.mediaDir],
		{
			encoding: 'utf8'
		}
	);
	if (mounted.status !== 0) mountError = (mounted.stderr || mounted.error?.message || 'mount failed').trim();
	else loop = await startLoop(app);
});

afterAll(async () => {
	await loop?.stop();
	if (!mountError) spawnSync('umount', [app.context.config.mediaDir]);
	app?.cleanup();
	fs.rmSync(dir, { recursive: true, force: true });
});

it('a full disk fails the track with a clear reason, retries, and corrupts nothing', async (context) => {
	if (mountError) {
		console.warn(`disk-full test skipped: cannot mount a small tmpfs here (${mountError})`);
		return context.skip();
	}
	const media = app.context.config.mediaDir;
	// The upload must be on the store's filesystem for registerUpload's rename, as uploads are on a server.
	const registered = await upload(app, source.path, 'full.wav', path.join(media, 'incoming'));
	const original = app.context.store.pathOf(registered.sourceKey);

	const retrying = await settled(app, registered.id, (row) => row.stage === 'retrying');
	expect(retrying.error).toBe(`Retrying (attempt 2 of 3): ${plainFailure('disk_full', 'audio')}`);
	expect(await tempLeftOver(app)).toEqual([]);
	expect(fs.existsSync(path.join(media, 'tracks', registered.id))).toBe(false);

	// Let the backoff pass twice (the test's clock), and the job is dead: the artist sees why.
	const jobId = registered.jobId!;
	for (let attempt = 2; attempt <= 3; attempt++) {
		app.clock.advance(RETRY_MAX_DELAY_MS);
		await until(
			() => {
				const job = app.context.jobs.get(jobId)!;
				return job.attempts === attempt && job.status !== 'running' ? job : undefined;
			},
			`attempt ${attempt} to finish`,
			OUTCOME_TIMEOUT_MS
		);
	}
	const failed = await settled(app, registered.id);
	expect(failed).toMatchObject({
		status: 'failed',
		error: plainFailure('disk_full', 'audio'),
		mediaKey: null
	});
	expect(await tempLeftOver(app)).toEqual([]);
	expect(fs.readFileSync(original).equals(fs.readFileSync(source.path))).toBe(true);

	// Room again: the artist's retry succeeds from the untouched original.
	expect(spawnSync('mount', ['-o', 'remount,size=64m', media]).status).toBe(0);
	app.context.catalog.retryTrack(app.actor, registered.id);
	const ready = await settled(app, registered.id);
	expect(ready.status).toBe('ready');
	expect(fs.existsSync(path.join(app.context.store.pathOf(ready.mediaKey!), 'master.m3u8'))).toBe(true);
});
