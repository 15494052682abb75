import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WorkerLoop } from '../../../media-worker/ingest/worker-loop';
import { plainFailure } from '../../../media-worker/ffmpeg/errors';
import { COVER_JOB, INGEST_JOB } from '../../../src/lib/server/catalog/catalog-service';
import { coverStateOf } from '../../../src/lib/shared/catalog';
import { tempDir } from '../../helpers/app-context';
import { convertTrack, ffmpegSync, generateTrack, type GeneratedAudio } from '../../helpers/audio';
import { until } from '../../helpers/processes';
import {
	createIngestApp,
	TEST_TIMEOUT_MS,
	jobsOfType,
	listFiles,
	OUTCOME_TIMEOUT_MS,
	settled,
	startLoop,
	tempLeftOver,
	upload,
	type IngestApp
} from './fixtures';
import { flacWithComments } from './hostile-files';

// Real ffmpeg on generated audio, on a shared 2-core machine: generous limits, never timings.
vi.setConfig({ testTimeout: TEST_TIMEOUT_MS, hookTimeout: OUTCOME_TIMEOUT_MS });

const SECONDS = 8;
let app: IngestApp;
let loop: WorkerLoop;
let dir: string;
let wav: GeneratedAudio;

beforeAll(async () => {
	dir = tempDir('shoal-ingest-src-');
	wav = generateTrack({ dir, name: 'harbour', seconds: SECONDS, format: 'wav' });
	app = await createIngestApp();
	loop = await startLoop(app);
});

afterAll(async () => {
	await loop?.stop();
	app?.cleanup();
	fs.rmSync(dir, { recursive: true, force: true });
});

/** The ingest job of every upload this file made, as each track settled. */
const ingestJobsSeen = new Set<string>();
async function settledTrack(...args: Parameters<typeof settled>) {
	const row = await settled(...args);
	if (row.jobId) ingestJobsSeen.add(row.jobId);
	return row;
}

function mediaPath(key: string | null): string {
	if (!key) throw new Error('no media key');
	return app.context.store.pathOf(key);
}

describe('a track through the whole pipeline', () => {
	it.each([
		['WAV', 'wav', true],
		['FLAC', 'flac', true],
		['MP3', 'mp3', false]
	] as const)('%s becomes ready with the right ladder', async (_label, format, lossless) => {
		const source = format === 'wav' ? wav : convertTrack(wav, format);
		const registered = await upload(app, source.path, `Harbour Lights.${format}`);
		const ready = await settledTrack(app, registered.id);

		expect(ready).toMatchObject({ status: 'ready', stage: null, progress: 1, error: null, lossless });
		expect(ready.durationSeconds).toBeGreaterThan(SECONDS - 0.5);
		expect(ready.durationSeconds).toBeLessThan(SECONDS + 0.5);
		expect(ready.loudnessLufs).toBeLessThan(-5);
		expect(ready.loudnessLufs).toBeGreaterThan(-40);
		expect(ready.truePeakDbtp).toBeLessThanOrEqual(1);
		expect(ready.peaks!.length).toBeGreaterThanOrEqual(1000);
		expect(ready.peaks!.length).toBeLessThanOrEqual(2000);
		expect(Math.max(...ready.peaks!)).toBe(1);

		const names = ready.rungs!.map((rung) => rung.name);
		expect(names).toEqual(
			lossless ? ['aac_64k', 'aac_128k', 'aac_160k', 'flac'] : ['aac_64k', 'aac_128k', 'aac_160k']
		);
		for (const rung of ready.rungs!) {
			expect(rung.bandwidth).toBeGreaterThanOrEqual(rung.averageBandwidth);
			expect(rung.averageBandwidth).toBeGreaterThan(0);
		}
		const published = mediaPath(ready.mediaKey);
		const master = fs.readFileSync(path.join(published, 'master.m3u8'), 'utf8');
		for (const name of names) expect(master).toContain(`${name}/index.m3u8`);
		expect(master).toContain(lossless ? 'CODECS="fLaC"' : 'CODECS="mp4a.40.2"');
		expect(ready.mediaKey).toBe(`tracks/${ready.id}/v${ready.jobId}-1`);
		expect(app.context.jobs.get(ready.jobId!)).toMatchObject({ status: 'succeeded', progress: 1 });
		expect(await tempLeftOver(app)).toEqual([]);
	});

	it('keeps the filename title when the file has no title tag', async () => {
		const ready = await settledTrack(app, (await upload(app, wav.path, 'night_swim.wav')).id);
		expect(ready.title).toBe('night swim');
	});

	it('replacing the file publishes a new version and removes the old one', async () => {
		const first = await settledTrack(app, (await upload(app, wav.path, 'tide.wav')).id);
		const staged = path.join(app.context.config.uploadsDir, 'replacement');
		fs.copyFileSync(convertTrack(wav, 'mp3').path, staged);
		await app.context.catalog.registerUpload(app.actor, {
			releaseId: app.releaseId,
			filePath: staged,
			originalName: 'tide.mp3',
			replaceTrackId: first.id
		});
		const second = await settledTrack(
			app,
			first.id,
			(row) => row.status !== 'processing' && row.jobId !== first.jobId
		);
		expect(second.status).toBe('ready');
		expect(second.lossless).toBe(false);
		expect(second.mediaKey).not.toBe(first.mediaKey);
		expect(fs.existsSync(mediaPath(second.mediaKey))).toBe(true);
		// The old version is removed right after the commit that made the new one current.
		await until(() => (fs.existsSync(mediaPath(first.mediaKey)) ? undefined : true), 'the old version to go');
	});
});

describe('tags prefill the title and position, as plain text', () => {
	it('takes the tag title verbatim (markup is text) and extracts the embedded picture', async () => {
		const pictured = generateTrack({ dir, name: 'pictured', seconds: 3, format: 'flac', withPicture: true });
		const ready = await settledTrack(app, (await upload(app, pictured.path, 'pictured.flac')).id);
		expect(ready.status).toBe('ready');
		expect(ready.title).toBe('<script>alert(1)</script>');
		expect(ready.artworkKey).toBe(`artwork/${ready.id}/v${ready.jobId}-1`);
		expect(listFiles(mediaPath(ready.artworkKey))).toEqual(
			['cover_1200', 'cover_300', 'cover_600'].flatMap((name) => [`${name}.jpg`, `${name}.webp`])
		);
		// The outputs carry no tags: the markup lives only in the database (and the kept original).
		for (const file of listFiles(mediaPath(ready.mediaKey)))
			expect(fs.readFileSync(path.join(mediaPath(ready.mediaKey), file)).includes('<script>')).toBe(false);
	});

	it('bounds a 1 MB title, strips NUL, control and bidi characters, and keeps the tag number aside', async () => {
		const plainFlac = convertTrack(wav, 'flac');
		const huge = `<script>x</script>\u202e\u0007 Tidal ${'é🎵'.repeat(350_000)}`;
		const file = flacWithComments(plainFlac.path, path.join(dir, 'huge-title.flac'), [
			Buffer.from(`TITLE=${huge}`),
			Buffer.from('TRACKNUMBER=7/12')
		]);
		expect(fs.statSync(file).size).toBeGreaterThan(1_000_000);
		const ready = await settledTrack(app, (await upload(app, file, 'huge.flac')).id);
		expect(ready.status).toBe('ready');
		expect(ready.title.startsWith('<script>x</script> Tidal é🎵é🎵')).toBe(true);
		expect(Array.from(ready.title)).toHaveLength(200);
		// eslint-disable-next-line no-control-regex
		expect(ready.title).not.toMatch(/[\u0000-\u001f\u007f\u202e]/);
		// No character was cut in half: a lone surrogate would not survive the round trip through UTF-8.
		expect(Buffer.from(ready.title).toString()).toBe(ready.title);
		// A tag number never leaves a gap: a file uploaded on its own goes after the release's other
		// tracks (positions stay 1..n), its tag number kept for its batch.
		const positions = app.context.repositories.tracks
			.listByRelease(ready.releaseId)
			.map((track) => track.position)
			.sort((a, b) => a - b);
		expect(positions).toEqual(positions.map((_, i) => i + 1));
		expect(ready.position).toBe(positions.length);
		expect(ready.tagTrackNumber).toBe(7);

		// A later upload is appended after the others, whatever its tags say.
		const nul = flacWithComments(plainFlac.path, path.join(dir, 'nul-title.flac'), [
			Buffer.concat([Buffer.from('TITLE=Low'), Buffer.from([0]), Buffer.from('Tide\u0000')]),
			Buffer.from('TRACKNUMBER=7')
		]);
		const second = await settledTrack(app, (await upload(app, nul, 'nul.flac')).id);
		expect(second.status).toBe('ready');
		expect(second.title).not.toContain('\u0000');
		expect(second.title.startsWith('Low')).toBe(true);
		expect(second.position).toBe(ready.position + 1);
	});
});

describe('release covers', () => {
	it('sizes the uploaded cover and sets the release cover key', async () => {
		const cover = path.join(dir, 'cover.png');
		ffmpegSync(['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=900x900:d=1', '-frames:v', '1', '-y', cover]);
		const staged = path.join(app.context.config.uploadsDir, 'cover-upload');
		fs.copyFileSync(cover, staged);
		await app.context.catalog.setCover(app.actor, app.releaseId, staged);
		const release = await until(
			() => {
				const row = app.context.repositories.releases.findById(app.releaseId);
				return row?.coverKey ? row : undefined;
			},
			'the cover to be published',
			OUTCOME_TIMEOUT_MS
		);
		const [job] = jobsOfType(app, COVER_JOB);
		expect(release.coverKey).toBe(`artwork/${app.releaseId}/v${job.id}-1`);
		expect(listFiles(mediaPath(release.coverKey))).toHaveLength(6);
		expect(job.status).toBe('succeeded');
	});

	it('fails a cover that is not really an image, permanently and readably', async () => {
		const staged = path.join(app.context.config.uploadsDir, 'bad-cover');
		// A PNG header that claims 1400 × 1400 (so the upload's size check passes), then nothing a
		// decoder can use: only the worker finds out.
		const ihdr = Buffer.alloc(25);
		ihdr.writeUInt32BE(13, 0);
		ihdr.write('IHDR', 4, 'ascii');
		ihdr.writeUInt32BE(1400, 8);
		ihdr.writeUInt32BE(1400, 12);
		ihdr.set([8, 2, 0, 0, 0], 16);
		fs.writeFileSync(
			staged,
			Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), ihdr, Buffer.alloc(200, 7)])
		);
		const before = app.context.repositories.releases.findById(app.releaseId)!.coverKey;
		await app.context.catalog.setCover(app.actor, app.releaseId, staged);
		const dead = await until(
			() => jobsOfType(app, COVER_JOB).find((job) => job.status === 'dead'),
			'the bad cover to fail',
			OUTCOME_TIMEOUT_MS
		);
		expect(dead.attempts).toBe(1);
		expect(dead.lastError).toBe(plainFailure('undecodable', 'image'));
		// The earlier cover stays; the release says the new one failed, and why.
		const release = app.context.repositories.releases.findById(app.releaseId)!;
		expect(release).toMatchObject({
			coverKey: before,
			coverJobId: null,
			coverError: plainFailure('undecodable', 'image')
		});
		expect(release.coverErrorDetail).toMatch(/^ffmpeg could not decode this file/);
		expect(coverStateOf(release)).toBe('failed');
	});
});

describe('the loop', () => {
	it('is still running, with every ingest job finished and no work left behind', async () => {
		expect(loop.stopped).toBe(false);
		// One ingest job per upload above, each succeeded: the file's tracks were really processed here.
		const ingest = jobsOfType(app, INGEST_JOB);
		expect(ingest.length).toBeGreaterThan(0);
		expect(ingest.map((job) => job.id).sort()).toEqual([...ingestJobsSeen].sort());
		expect(ingest.map((job) => job.status)).toEqual(ingest.map(() => 'succeeded'));
		expect(await tempLeftOver(app)).toEqual([]);
	});
});
