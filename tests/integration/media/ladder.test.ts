import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ladderArgs, type MediaInput } from '../../../media-worker/ffmpeg/args';
import { encodeLadder } from '../../../media-worker/ffmpeg/ladder';
import { measureLoudness } from '../../../media-worker/ffmpeg/loudness';
import { parseMediaPlaylist, segmentBoundaries } from '../../../media-worker/ffmpeg/playlist';
import { FfmpegError } from '../../../media-worker/ffmpeg/errors';
import { createFfmpegRunner } from '../../../media-worker/ffmpeg/runner';
import { convertTrack, decodeAndMeasure, generateTrack, type GeneratedAudio } from '../../helpers/audio';
import { alive } from '../../helpers/processes';

const SECONDS = 26;
const MAX_DURATION = 7200;
const runner = createFfmpegRunner();
let dir: string;
let wav: GeneratedAudio;
let flac: GeneratedAudio;
let mp3: GeneratedAudio;

beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-ladder-'));
	wav = generateTrack({ dir, name: 'source', seconds: SECONDS, format: 'wav' });
	flac = convertTrack(wav, 'flac');
	mp3 = convertTrack(wav, 'mp3');
});

afterAll(() => {
	fs.rmSync(dir, { recursive: true, force: true });
});

const asInput = (audio: GeneratedAudio): MediaInput => ({ path: audio.path, format: audio.format });

function parseMaster(text: string) {
	const lines = text.split('\n');
	return lines.flatMap((line, i) => {
		if (!line.startsWith('#EXT-X-STREAM-INF:')) return [];
		const attributes = Object.fromEntries(
			[...line.slice('#EXT-X-STREAM-INF:'.length).matchAll(/([A-Z-]+)=("[^"]*"|[^,]*)/g)].map((m) => [
				m[1],
				m[2].replace(/^"|"$/g, '')
			])
		);
		return [{ attributes, uri: lines[i + 1] }];
	});
}

function probeStream(playlist: string) {
	const entries = 'stream=codec_name,profile,sample_rate,channels';
	const out = spawnSync(
		'ffprobe',
		['-v', 'error', '-protocol_whitelist', 'file', '-show_entries', entries, '-of', 'json', playlist],
		{ encoding: 'utf8' }
	);
	if (out.status !== 0) throw new Error(out.stderr);
	const streams: { codec_name: string; profile?: string; sample_rate: string; channels: number }[] =
		JSON.parse(out.stdout).streams;
	return streams[0];
}

describe('HLS ladder from a lossless source', () => {
	let outputDir: string;
	let rungs: Awaited<ReturnType<typeof encodeLadder>>;
	const progress: number[] = [];

	beforeAll(async () => {
		outputDir = path.join(dir, 'ladder-flac');
		rungs = await encodeLadder(runner, {
			input: asInput(flac),
			outputDir,
			lossless: true,
			maxDurationSeconds: MAX_DURATION,
			timeoutMs: 120_000,
			durationSeconds: SECONDS,
			onProgress: (fraction) => progress.push(fraction)
		});
	});

	it('reports progress that only moves forward and ends at 1', () => {
		expect(progress.length).toBeGreaterThan(0);
		expect([...progress].sort((a, b) => a - b)).toEqual(progress);
		expect(progress.at(-1)).toBe(1);
	});

	it('writes a master playlist with BANDWIDTH, AVERAGE-BANDWIDTH and CODECS for every rung', () => {
		const text = fs.readFileSync(path.join(outputDir, 'master.m3u8'), 'utf8');
		expect(text).toMatch(/^#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n/);
		const variants = parseMaster(text);
		expect(variants.map((v) => v.uri)).toEqual([
			'aac_64k/index.m3u8',
			'aac_128k/index.m3u8',
			'aac_160k/index.m3u8',
			'flac/index.m3u8'
		]);
		expect(variants.map((v) => v.attributes.CODECS)).toEqual(['mp4a.40.2', 'mp4a.40.2', 'mp4a.40.2', 'fLaC']);
		for (const { attributes } of variants) {
			expect(Number(attributes['AVERAGE-BANDWIDTH'])).toBeGreaterThan(0);
			expect(Number(attributes.BANDWIDTH)).toBeGreaterThanOrEqual(Number(attributes['AVERAGE-BANDWIDTH']));
		}
		// The AAC rungs land near their targets; FLAC is measured, not ffmpeg's guess of 140800.
		[64_000, 128_000, 160_000].forEach((target, i) => {
			expect(Number(variants[i].attributes['AVERAGE-BANDWIDTH'])).toBeGreaterThan(target * 0.9);
			expect(Number(variants[i].attributes['AVERAGE-BANDWIDTH'])).toBeLessThan(target * 1.15);
		});
		expect(Number(variants[3].attributes.BANDWIDTH)).toBeGreaterThan(300_000);
	});

	it('produces rungs that all decode, AAC-LC 48 kHz stereo and FLAC stereo, at the source’s loudness', () => {
		const source = decodeAndMeasure(flac.path);
		for (const rung of rungs) {
			const playlist = path.join(outputDir, rung.uri);
			const stream = probeStream(playlist);
			if (rung.codec === 'aac') {
				expect(stream).toMatchObject({ codec_name: 'aac', profile: 'LC', sample_rate: '48000', channels: 2 });
			} else {
				expect(stream).toMatchObject({ codec_name: 'flac', sample_rate: '48000', channels: 2 });
			}
			// -xerror: any decode error in any segment fails the run.
			expect(Math.abs(decodeAndMeasure(playlist).integrated - source.integrated)).toBeLessThan(0.5);
		}
	});

	it('aligns segment boundaries across rungs, with ~6 s segments', () => {
		const boundaries = rungs.map((rung) =>
			segmentBoundaries(parseMediaPlaylist(fs.readFileSync(path.join(outputDir, rung.uri), 'utf8')))
		);
		const [reference, ...others] = boundaries;
		expect(reference.length).toBe(Math.ceil(SECONDS / 6));
		reference.slice(0, -1).forEach((end, i) => expect(end).toBeCloseTo(6 * (i + 1), 1));
		for (const other of others) {
			expect(other).toHaveLength(reference.length);
			// Every cut but the end of the track is at the same instant; the end differs by AAC's priming frame.
			other.slice(0, -1).forEach((end, i) => expect(end).toBeCloseTo(reference[i], 3));
			expect(Math.abs(other.at(-1)! - reference.at(-1)!)).toBeLessThan(0.05);
		}
	});

	it('leaves no empty final fragment, in the playlist or on disk', () => {
		for (const rung of rungs) {
			const playlist = parseMediaPlaylist(fs.readFileSync(path.join(outputDir, rung.uri), 'utf8'));
			expect(playlist.segments.at(-1)!.duration).toBeGreaterThan(0.5);
			const onDisk = fs.readdirSync(path.join(outputDir, rung.name)).sort();
			expect(onDisk).toEqual(['index.m3u8', playlist.mapUri, ...playlist.segments.map((s) => s.uri)].sort());
		}
	});
});

describe('HLS ladder from a lossy source', () => {
	it('has the three AAC rungs and no FLAC rung', async () => {
		const outputDir = path.join(dir, 'ladder-mp3');
		const rungs = await encodeLadder(runner, {
			input: asInput(mp3),
			outputDir,
			lossless: false,
			maxDurationSeconds: MAX_DURATION,
			timeoutMs: 120_000
		});
		expect(rungs.map((rung) => rung.name)).toEqual(['aac_64k', 'aac_128k', 'aac_160k']);
		const master = fs.readFileSync(path.join(outputDir, 'master.m3u8'), 'utf8');
		expect(parseMaster(master).map((v) => v.attributes.CODECS)).toEqual([
			'mp4a.40.2',
			'mp4a.40.2',
			'mp4a.40.2'
		]);
		expect(master).not.toContain('fLaC');
		expect(fs.existsSync(path.join(outputDir, 'flac'))).toBe(false);
	});
});

describe('loudness', () => {
	it.each(['wav', 'flac'] as const)('measures a %s within 0.5 LU of ffmpeg’s own ebur128', async (format) => {
		const source = format === 'wav' ? wav : flac;
		const ours = await measureLoudness(runner, asInput(source), {
			timeoutMs: 60_000,
			maxDurationSeconds: MAX_DURATION
		});
		const reference = decodeAndMeasure(source.path);
		expect(ours.integratedLufs).not.toBeNull();
		expect(Math.abs(ours.integratedLufs! - reference.integrated)).toBeLessThanOrEqual(0.5);
		expect(Math.abs(ours.truePeakDbfs! - reference.truePeak)).toBeLessThanOrEqual(0.5);
	});
});

describe('runner limits', () => {
	it('kills a job that outlives its timeout, with SIGKILL, and leaves no process behind', async () => {
		const command = ladderArgs({
			input: asInput(flac),
			outputDir: path.join(dir, 'slow'),
			lossless: true,
			maxDurationSeconds: MAX_DURATION
		});
		// -re paces reading at real time, so this job needs the track's full 26 s.
		const slow = { ...command, args: ['-re', ...command.args] };
		let pid = 0;
		let priority = 0;
		const error = await runner
			.run(slow, {
				timeoutMs: 300,
				onStart: (started) => {
					pid = started;
					priority = os.getPriority(started);
				}
			})
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(FfmpegError);
		expect((error as FfmpegError).reason).toBe('timeout');
		expect((error as FfmpegError).message).toBe('processing took longer than 300 ms and was stopped');
		expect((error as FfmpegError).details.signal).toBe('SIGKILL');
		expect(pid).toBeGreaterThan(0);
		expect(alive(pid)).toBe(false);
		// Niceness 10 above ours (capped at 19): the web server keeps the CPU first.
		expect(priority).toBe(Math.min(19, os.getPriority() + 10));
	});

	it('stops a job when its signal aborts', async () => {
		const command = ladderArgs({
			input: asInput(flac),
			outputDir: path.join(dir, 'aborted'),
			lossless: false,
			maxDurationSeconds: MAX_DURATION
		});
		const controller = new AbortController();
		const error = await runner
			.run(
				{ ...command, args: ['-re', ...command.args] },
				{ timeoutMs: 60_000, signal: controller.signal, onStart: () => controller.abort() }
			)
			.catch((caught: unknown) => caught);
		expect((error as FfmpegError).reason).toBe('aborted');
		expect((error as FfmpegError).message).toBe('processing was cancelled');
	});

	it('stops a job whose output outgrows its cap', async () => {
		const outputDir = path.join(dir, 'capped');
		const command = ladderArgs({
			input: asInput(wav),
			outputDir,
			lossless: false,
			maxDurationSeconds: MAX_DURATION
		});
		const error = await runner
			.run({ ...command, outputLimit: { dir: outputDir, maxBytes: 10_000 } }, { timeoutMs: 60_000 })
			.catch((caught: unknown) => caught);
		expect((error as FfmpegError).reason).toBe('output_too_large');
	});

	it.each([
		[
			'ffmpeg',
			{ ffmpegPath: '/nonexistent/ffmpeg' },
			ladderArgs({
				input: { path: '/x/in', format: 'wav' },
				outputDir: '/x/out',
				lossless: false,
				maxDurationSeconds: 60
			})
		],
		['ffprobe', { ffprobePath: '/nonexistent/ffprobe' }, { tool: 'ffprobe' as const, args: ['-version'] }]
	])('says plainly when %s is missing', async (tool, config, command) => {
		const error = await createFfmpegRunner(config)
			.run(command, { timeoutMs: 10_000 })
			.catch((caught: unknown) => caught);
		expect((error as FfmpegError).reason).toBe('not_installed');
		expect((error as FfmpegError).message).toBe(`${tool} is not installed (tried "/nonexistent/${tool}")`);
	});

	it('explains an undecodable file in words, without our paths', async () => {
		const html = path.join(dir, 'page.wav');
		fs.writeFileSync(html, '<!doctype html><html><body>not audio</body></html>');
		const error = await measureLoudness(
			runner,
			{ path: html, format: 'wav' },
			{ timeoutMs: 10_000, maxDurationSeconds: 60 }
		).catch((caught: unknown) => caught);
		expect((error as FfmpegError).reason).toBe('undecodable');
		expect((error as FfmpegError).message).toMatch(/^ffmpeg could not decode this file: .*RIFF header/);
		expect((error as FfmpegError).message).not.toContain(dir);
	});
});
