import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WorkerLoop } from '../../../media-worker/ingest/worker-loop';
import { tempDir } from '../../helpers/app-context';
import { generateTrack } from '../../helpers/audio';
import {
	createIngestApp,
	OUTCOME_TIMEOUT_MS,
	TEST_TIMEOUT_MS,
	listFiles,
	settled,
	startLoop,
	tempLeftOver,
	upload,
	type IngestApp
} from './fixtures';
import {
	blipWav,
	elevenSecondsOfTs,
	flacLinkingPicture,
	mp3HidingPlaylist,
	tenHoursOfSilence,
	truncatedFlac,
	wavClaimingHugeData
} from './hostile-files';

// Real ffmpeg on generated audio, on a shared 2-core machine: generous limits, never timings.
vi.setConfig({ testTimeout: TEST_TIMEOUT_MS, hookTimeout: OUTCOME_TIMEOUT_MS });

/**
 * Files that pass sniffing (they really are FLAC and WAV) but must be refused by the worker: each
 * with a sentence a person understands, permanently (no retries), with nothing published and the
 * worker still working afterwards.
 */

let app: IngestApp;
let loop: WorkerLoop;
let dir: string;
/** Outside DATA_DIR and outside the upload sources: where a followed reference would lead. */
let outside: string;
let sourcesBefore: string[];

beforeAll(async () => {
	dir = tempDir('shoal-hostile-src-');
	outside = tempDir('shoal-hostile-outside-');
	app = await createIngestApp();
	loop = await startLoop(app);
});

afterAll(async () => {
	await loop?.stop();
	app?.cleanup();
	fs.rmSync(dir, { recursive: true, force: true });
	fs.rmSync(outside, { recursive: true, force: true });
});

const CASES = [
	{
		name: 'a truncated FLAC',
		make: () => truncatedFlac(dir),
		message:
			/^This file is cut off: its header promises 30 s of audio, but it holds only \d+ s\. Export it again, or upload it again if the copy was interrupted\.$/
	},
	{
		name: '10 hours of silence (over the 2-hour cap)',
		make: () => tenHoursOfSilence(dir),
		message: /^This track is 10 h 0 min long; the limit is 2 hours\. Upload a shorter file\.$/
	},
	{
		name: 'a 0.02-second WAV (shorter than one second)',
		make: () => blipWav(dir),
		message:
			/^This file holds less than one second of audio \(0\.02 seconds\), so it can't be a track\. Check the export and upload the whole track\.$/
	},
	{
		name: 'a WAV header claiming a huge data size',
		make: () => wavClaimingHugeData(dir),
		message: /^This file is cut off: its header promises 3 h 6 min of audio, but it holds only 2 s\./
	}
];

describe('hostile inputs the worker refuses', () => {
	it.each(CASES)('$name fails permanently with a clear message', async ({ make, message }) => {
		const file = make();
		sourcesBefore = listFiles(dir);
		const registered = await upload(app, file, path.basename(file));
		const failed = await settled(app, registered.id);

		expect(failed.status).toBe('failed');
		expect(failed.stage).toBeNull();
		expect(failed.error).toMatch(message);
		expect(failed.mediaKey).toBeNull();
		const job = app.context.jobs.get(failed.jobId!)!;
		expect(job).toMatchObject({ status: 'dead', attempts: 1, lastError: failed.error });

		// Nothing published for it, no work left behind, nothing written beside the inputs.
		const media = app.context.config.mediaDir;
		expect(fs.existsSync(path.join(media, 'tracks', failed.id))).toBe(false);
		expect(fs.existsSync(path.join(media, 'artwork', failed.id))).toBe(false);
		expect(await tempLeftOver(app)).toEqual([]);
		expect(listFiles(dir)).toEqual(sourcesBefore);
	});

	it('leaves the worker running: the next good file becomes ready', async () => {
		expect(loop.stopped).toBe(false);
		const good = generateTrack({ dir, name: 'after', seconds: 3, format: 'wav' });
		const ready = await settled(app, (await upload(app, good.path)).id);
		expect(ready.status).toBe('ready');
	});
});

/** Everything the worker may have read it from: the first line of /etc/passwd (root's entry). */
const PASSWD_LINE = fs.readFileSync('/etc/passwd', 'utf8').split('\n')[0];

describe('inputs that point at files outside DATA_DIR are read as what they sniffed as, never followed', () => {
	it('an MP3 hiding an HLS playlist that names an 11 s local file becomes the MP3’s own 3 s', async () => {
		const elsewhere = elevenSecondsOfTs(path.join(outside, 'elsewhere.ts'));
		const file = mp3HidingPlaylist(dir, 'hides-playlist', [elsewhere]);
		const ready = await settled(app, (await upload(app, file)).id);
		expect(ready).toMatchObject({ status: 'ready', sourceKind: 'mp3' });
		expect(ready.durationSeconds).toBeGreaterThan(2.5);
		expect(ready.durationSeconds).toBeLessThan(4);
	});

	it.each([
		{
			name: 'an MP3 hiding an HLS playlist of /etc/passwd',
			make: () => mp3HidingPlaylist(dir, 'hides-passwd', ['file:/etc/passwd', '/etc/passwd']),
			kind: 'mp3'
		},
		{
			name: 'a FLAC whose cover is a linked picture at file:///etc/passwd',
			make: () =>
				flacLinkingPicture(
					generateTrack({ dir, name: 'linked', seconds: 3, format: 'flac' }).path,
					path.join(dir, 'links-passwd.flac'),
					'file:///etc/passwd'
				),
			kind: 'flac'
		}
	])('$name is processed as plain audio, without the file', async ({ make, kind }) => {
		const file = make();
		expect(fs.readFileSync(file).includes('/etc/passwd')).toBe(true);
		const ready = await settled(app, (await upload(app, file)).id);
		expect(ready).toMatchObject({ status: 'ready', sourceKind: kind, artworkKey: null });
		// The reference itself is kept (in the original), never what it points at.
		expect(fs.readFileSync(app.context.store.pathOf(ready.sourceKey)).includes('/etc/passwd')).toBe(true);
	});
});

describe('afterwards', () => {
	it('everything was written inside DATA_DIR, and no file there holds bytes of /etc/passwd', () => {
		for (const entry of fs.readdirSync(app.dataDir))
			expect(entry).toMatch(/^(media|uploads|shoal\.sqlite(-wal|-shm)?|secrets\.json)$/);
		expect(PASSWD_LINE.length).toBeGreaterThan(10);
		const files = listFiles(app.dataDir);
		// The scan covers what the inputs above produced: streams, originals and the database.
		expect(files.filter((file) => file.endsWith('.m4s')).length).toBeGreaterThan(0);
		expect(files).toContain('shoal.sqlite');
		for (const file of files)
			expect(fs.readFileSync(path.join(app.dataDir, file)).includes(PASSWD_LINE), file).toBe(false);
	});
});
