import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractArtwork } from '../../../media-worker/ffmpeg/artwork';
import { encodeLadder } from '../../../media-worker/ffmpeg/ladder';
import { computePeaks } from '../../../media-worker/ffmpeg/peaks';
import { probeMedia } from '../../../media-worker/ffmpeg/probe';
import { FfmpegError } from '../../../media-worker/ffmpeg/errors';
import { createFfmpegRunner } from '../../../media-worker/ffmpeg/runner';
import { convertTrack, ffmpegSync, generateTrack, type GeneratedAudio } from '../../helpers/audio';
import { decompressionBomb } from '../../helpers/images';

const SECONDS = 12;
const runner = createFfmpegRunner();
const limits = { timeoutMs: 60_000, maxDurationSeconds: 7200 };
let dir: string;
let wav: GeneratedAudio;
let flac: GeneratedAudio;
let withPicture: GeneratedAudio;

beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-analysis-'));
	wav = generateTrack({ dir, name: 'source', seconds: SECONDS, format: 'wav' });
	flac = convertTrack(wav, 'flac');
	withPicture = generateTrack({ dir, name: 'pictured', seconds: 3, format: 'flac', withPicture: true });
});

afterAll(() => {
	fs.rmSync(dir, { recursive: true, force: true });
});

function imageInfo(file: string) {
	const out = spawnSync(
		'ffprobe',
		['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', file],
		{ encoding: 'utf8' }
	);
	const streams: { codec_name: string; width: number; height: number }[] = JSON.parse(out.stdout).streams;
	return streams[0];
}

describe('probeMedia', () => {
	it('describes the audio stream and duration', async () => {
		const probe = await probeMedia(runner, { path: wav.path, format: 'wav' }, { timeoutMs: 10_000 });
		expect(probe.durationSeconds).toBeCloseTo(SECONDS, 2);
		expect(probe.audio).toMatchObject({
			codec: 'pcm_s16le',
			sampleRate: 48_000,
			channels: 2,
			bitsPerSample: 16
		});
		expect(probe.hasPicture).toBe(false);
	});

	it('notices an embedded picture and hands tags over raw, for the caller to escape', async () => {
		const probe = await probeMedia(runner, { path: withPicture.path, format: 'flac' }, { timeoutMs: 10_000 });
		expect(probe.hasPicture).toBe(true);
		expect(probe.tags.title).toBe('<script>alert(1)</script>');
	});
});

describe('ladder output from a tagged file with a picture', () => {
	it('carries none of the input’s tags and no picture stream', async () => {
		const outputDir = path.join(dir, 'ladder-tagged');
		const rungs = await encodeLadder(runner, {
			input: { path: withPicture.path, format: 'flac' },
			outputDir,
			lossless: true,
			timeoutMs: 60_000,
			maxDurationSeconds: 7200
		});
		for (const rung of rungs) {
			const rungDir = path.join(outputDir, rung.name);
			for (const file of fs.readdirSync(rungDir))
				expect(fs.readFileSync(path.join(rungDir, file)).includes('<script>')).toBe(false);
			const types = spawnSync(
				'ffprobe',
				[
					'-v',
					'error',
					'-protocol_whitelist',
					'file',
					'-show_entries',
					'stream=codec_type',
					'-of',
					'csv=p=0',
					path.join(rungDir, 'index.m3u8')
				],
				{ encoding: 'utf8' }
			).stdout;
			// ffprobe lists each stream twice for HLS: once in the program, once on its own.
			expect(new Set(types.split('\n').filter(Boolean))).toEqual(new Set(['audio']));
		}
	});
});

describe('computePeaks', () => {
	it('returns 1,000-2,000 points in 0..1 that follow the fade-in', async () => {
		const peaks = await computePeaks(
			runner,
			{ path: wav.path, format: 'wav' },
			{ ...limits, durationSeconds: SECONDS }
		);
		expect(peaks.length).toBeGreaterThanOrEqual(1000);
		expect(peaks.length).toBeLessThanOrEqual(2000);
		expect(Math.max(...peaks)).toBe(1);
		expect(Math.min(...peaks)).toBeGreaterThanOrEqual(0);
		const middle = Math.max(...peaks.slice(peaks.length / 2 - 50, peaks.length / 2 + 50));
		expect(peaks[0]).toBeLessThan(middle / 2);
	});

	it('gives the same waveform for the same samples in another container', async () => {
		const options = { ...limits, durationSeconds: SECONDS };
		const fromWav = await computePeaks(runner, { path: wav.path, format: 'wav' }, options);
		const fromFlac = await computePeaks(runner, { path: flac.path, format: 'flac' }, options);
		expect(fromFlac).toEqual(fromWav);
	});
});

describe('extractArtwork', () => {
	it('resizes an embedded picture to every size as WebP and JPEG, keeping its shape', async () => {
		const outputDir = path.join(dir, 'art-embedded');
		const files = await extractArtwork(runner, {
			input: { path: withPicture.path, format: 'flac' },
			outputDir,
			timeoutMs: 30_000
		});
		expect(files).toHaveLength(6);
		for (const file of files) {
			const info = imageInfo(file.path);
			expect(info.codec_name).toBe(file.format === 'webp' ? 'webp' : 'mjpeg');
			expect(info.width).toBe(file.size);
			expect(Math.abs(info.height - file.size * (1000 / 1600))).toBeLessThanOrEqual(1);
		}
	});

	it('never enlarges a small uploaded cover', async () => {
		const cover = path.join(dir, 'cover.png');
		ffmpegSync(['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=500x500:d=1', '-frames:v', '1', '-y', cover]);
		const files = await extractArtwork(runner, {
			input: { path: cover, format: 'png_pipe' },
			outputDir: path.join(dir, 'art-cover'),
			timeoutMs: 30_000
		});
		expect(files.map((file) => imageInfo(file.path).width)).toEqual([500, 500, 500, 500, 300, 300]);
	});

	it('says so when an audio file has no picture', async () => {
		const error = await extractArtwork(runner, {
			input: { path: wav.path, format: 'wav' },
			outputDir: path.join(dir, 'art-none'),
			timeoutMs: 30_000
		}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(FfmpegError);
		expect((error as FfmpegError).reason).toBe('no_stream');
		expect((error as FfmpegError).message).toBe('this file has no embedded picture');
	});

	it('refuses a decompression bomb before decoding it', async () => {
		const bomb = path.join(dir, 'bomb.png');
		decompressionBomb(bomb);
		const error = await extractArtwork(runner, {
			input: { path: bomb, format: 'png_pipe' },
			outputDir: path.join(dir, 'art-bomb'),
			timeoutMs: 30_000
		}).catch((caught: unknown) => caught);
		expect((error as FfmpegError).reason).toBe('image_too_large');
		expect((error as FfmpegError).message).toBe(
			'ffmpeg refused the picture: the picture is too large (9000x9000 pixels)'
		);
	});
});
