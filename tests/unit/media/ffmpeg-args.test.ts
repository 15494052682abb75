import { describe, expect, it } from 'vitest';
import {
	AAC_RUNGS,
	FLAC_RUNG,
	artworkArgs,
	ladderArgs,
	ladderGroups,
	ladderOutputBudgetBytes,
	ladderRungs,
	loudnessArgs,
	peaksArgs,
	probeArgs,
	type FfmpegCommand,
	type MediaInput
} from '../../../media-worker/ffmpeg/args';

const input: MediaInput = { path: '/srv/shoal/data/uploads/u_8f3k2', format: 'flac' };
const outputDir = '/srv/shoal/data/staging/t_91ab';
const maxDurationSeconds = 7200;

const ladder = (lossless: boolean) => ladderArgs({ input, outputDir, lossless, maxDurationSeconds }).args;

/** Every value that follows `flag` in argv. */
function valuesOf(args: string[], flag: string): string[] {
	return args.flatMap((arg, i) => (arg === flag ? [args[i + 1]] : []));
}

function outputPart(args: string[]): string[] {
	return args.slice(args.indexOf('-i') + 2);
}

const decoding: [string, () => FfmpegCommand][] = [
	['ladder', () => ladderArgs({ input, outputDir, lossless: true, maxDurationSeconds })],
	['loudness', () => loudnessArgs({ input, maxDurationSeconds })],
	['peaks', () => peaksArgs({ input, sampleRate: 8000, maxDurationSeconds })],
	['artwork', () => artworkArgs({ input, outputDir })]
];

describe.each(decoding)('%s command hardening', (_name, build) => {
	const { tool, args } = build();
	const inputAt = args.indexOf('-i');

	it('runs ffmpeg without reading stdin or printing the banner', () => {
		expect(tool).toBe('ffmpeg');
		expect(args.slice(0, inputAt)).toEqual(expect.arrayContaining(['-nostdin', '-hide_banner']));
	});

	it('allows only the file protocol and forces the sniffed demuxer on the one input', () => {
		expect(valuesOf(args, '-i')).toEqual([`file:${input.path}`]);
		expect(args.slice(inputAt - 4, inputAt)).toEqual(['-protocol_whitelist', 'file', '-f', 'flac']);
	});

	it('reports progress on stderr, keeping stdout for data', () => {
		expect(valuesOf(args, '-progress')).toEqual(['pipe:2']);
	});
});

describe.each([
	['ladder', () => ladder(true)],
	['loudness', () => loudnessArgs({ input, maxDurationSeconds }).args],
	['peaks', () => peaksArgs({ input, sampleRate: 8000, maxDurationSeconds }).args]
])('%s audio decoding', (_name, build) => {
	const output = outputPart(build());

	it('maps only the first audio stream and drops video, subtitles and data', () => {
		expect(new Set(valuesOf(output, '-map'))).toEqual(new Set(['0:a:0']));
		expect(output).toEqual(expect.arrayContaining(['-vn', '-sn', '-dn']));
	});

	it('copies no metadata or chapters from the input', () => {
		expect(valuesOf(output, '-map_metadata')).toEqual(['-1']);
		expect(valuesOf(output, '-map_chapters')).toEqual(['-1']);
	});

	it('caps the output duration', () => {
		expect(valuesOf(output, '-t')).toEqual(['7200']);
	});
});

describe('ladderArgs', () => {
	it('maps the first audio stream once per rung: three AAC rungs, plus FLAC only when lossless', () => {
		expect(valuesOf(ladder(false), '-map')).toEqual(['0:a:0', '0:a:0', '0:a:0']);
		expect(valuesOf(ladder(true), '-map')).toEqual(['0:a:0', '0:a:0', '0:a:0', '0:a:0']);
		const codecs = (args: string[]) =>
			args.flatMap((arg, i) => (arg.startsWith('-c:a:') ? [args[i + 1]] : []));
		expect(codecs(ladder(false))).toEqual(['aac', 'aac', 'aac']);
		expect(codecs(ladder(true))).toEqual(['aac', 'aac', 'aac', 'flac']);
		expect(valuesOf(ladder(true), '-c:a:3')).toEqual(['flac']);
	});

	it('encodes AAC-LC at 48 kHz stereo within Apple’s 32-160 kbit/s with the fast coder', () => {
		const args = ladder(false);
		AAC_RUNGS.forEach((rung, i) => {
			expect(valuesOf(args, `-c:a:${i}`)).toEqual(['aac']);
			expect(Number(valuesOf(args, `-b:a:${i}`)[0])).toBe(rung.bitrate);
			expect(rung.bitrate).toBeGreaterThanOrEqual(32_000);
			expect(rung.bitrate).toBeLessThanOrEqual(160_000);
			expect(valuesOf(args, `-ar:a:${i}`)).toEqual(['48000']);
			expect(valuesOf(args, `-ac:a:${i}`)).toEqual(['2']);
			expect(valuesOf(args, `-aac_coder:a:${i}`)).toEqual(['fast']);
		});
	});

	it('allows experimental FLAC-in-MP4 only when there is a FLAC rung, with AAC-sized frames', () => {
		expect(ladder(false)).not.toContain('-strict');
		expect(valuesOf(ladder(true), '-strict')).toEqual(['-2']);
		expect(valuesOf(ladder(true), '-frame_size:a:3')).toEqual(['1024']);
		expect(valuesOf(ladder(true), '-ac:a:3')).toEqual(['2']);
	});

	it('writes 6 s fMP4 VOD segments with independent segments, leaving the master playlist to us', () => {
		const args = ladder(true);
		expect(valuesOf(args, '-f').at(-1)).toBe('hls');
		expect(valuesOf(args, '-hls_time')).toEqual(['6']);
		expect(valuesOf(args, '-hls_playlist_type')).toEqual(['vod']);
		expect(valuesOf(args, '-hls_segment_type')).toEqual(['fmp4']);
		expect(valuesOf(args, '-hls_flags')).toEqual(['independent_segments']);
		expect(args).not.toContain('-master_pl_name');
		expect(valuesOf(args, '-var_stream_map')).toEqual([
			'a:0,name:aac_64k a:1,name:aac_128k a:2,name:aac_160k a:3,name:flac'
		]);
	});

	it.each([true, false])(
		'splits the ladder into two groups covering every rung once (lossless %s)',
		(lossless) => {
			const groups = ladderGroups(lossless);
			expect(groups).toHaveLength(2);
			expect(
				groups
					.flat()
					.map((rung) => rung.name)
					.sort()
			).toEqual(
				ladderRungs(lossless)
					.map((rung) => rung.name)
					.sort()
			);
			for (const rungs of groups) {
				const args = ladderArgs({ input, outputDir, lossless, maxDurationSeconds, rungs }).args;
				expect(valuesOf(args, '-map')).toEqual(rungs.map(() => '0:a:0'));
				expect(valuesOf(args, '-var_stream_map')).toEqual([
					rungs.map((rung, i) => `a:${i},name:${rung.name}`).join(' ')
				]);
				expect(args.includes('-strict')).toBe(rungs.some((rung) => rung.codec === 'flac'));
			}
		}
	);

	it('refuses rungs that are not part of the ladder', () => {
		expect(() => ladderArgs({ input, outputDir, lossless: false, maxDurationSeconds, rungs: [] })).toThrow(
			RangeError
		);
		expect(() =>
			ladderArgs({ input, outputDir, lossless: false, maxDurationSeconds, rungs: [FLAC_RUNG] })
		).toThrow(RangeError);
	});

	it('names every output file itself, under the output directory only', () => {
		const args = ladder(true);
		const paths = args.filter((arg) => arg.includes('/'));
		expect(paths).toEqual([
			`file:${input.path}`,
			`${outputDir}/%v/segment_%05d.m4s`,
			`${outputDir}/%v/index.m3u8`
		]);
	});

	it('caps the output size (HLS ignores -fs, so the runner watches the directory)', () => {
		const lossy = ladderArgs({ input, outputDir, lossless: false, maxDurationSeconds });
		const lossless = ladderArgs({ input, outputDir, lossless: true, maxDurationSeconds });
		expect(lossy.outputLimit).toEqual({ dir: outputDir, maxBytes: ladderOutputBudgetBytes(7200, false) });
		// Room for three AAC rungs at their worst, but nowhere near unbounded.
		expect(lossy.outputLimit!.maxBytes).toBeGreaterThan((3 * 160_000 * 7200) / 8);
		expect(lossy.outputLimit!.maxBytes).toBeLessThan(2 * 1024 ** 3);
		expect(lossless.outputLimit!.maxBytes).toBeGreaterThan(lossy.outputLimit!.maxBytes);
	});

	it.each([
		['a relative input', { input: { ...input, path: 'uploads/x' } }],
		['a ".." input', { input: { ...input, path: '/srv/../etc/passwd' } }],
		['a newline in a path', { input: { ...input, path: '/srv/a\nb' } }],
		['an HLS demuxer', { input: { ...input, format: 'hls' } }],
		['a concat demuxer', { input: { ...input, format: 'concat' } }],
		['a % in the output directory', { outputDir: '/srv/x%d' }],
		['a zero duration cap', { maxDurationSeconds: 0 }]
	])('refuses %s', (_what, change) => {
		expect(() =>
			ladderArgs({ input, outputDir, lossless: true, maxDurationSeconds, ...change } as Parameters<
				typeof ladderArgs
			>[0])
		).toThrow(RangeError);
	});
});

describe('probeArgs', () => {
	const { tool, args } = probeArgs({ input: { path: '/srv/in', format: 'mp3' } });

	it('asks ffprobe for JSON about the format and streams of the forced-demuxer input', () => {
		expect(tool).toBe('ffprobe');
		expect(valuesOf(args, '-print_format')).toEqual(['json']);
		expect(args).toEqual(expect.arrayContaining(['-show_format', '-show_streams', '-hide_banner']));
		const inputAt = args.indexOf('-i');
		expect(args.slice(inputAt - 4, inputAt + 2)).toEqual([
			'-protocol_whitelist',
			'file',
			'-f',
			'mp3',
			'-i',
			'file:/srv/in'
		]);
	});

	it('leaves out -nostdin, which ffprobe does not know (the runner gives it no stdin)', () => {
		expect(args).not.toContain('-nostdin');
	});
});

describe('loudnessArgs', () => {
	it('measures with ebur128 including true peak into the null muxer', () => {
		const args = loudnessArgs({ input, maxDurationSeconds }).args;
		expect(valuesOf(args, '-af')).toEqual(['ebur128=peak=true:framelog=verbose']);
		expect(args.slice(-3)).toEqual(['-f', 'null', '-']);
		// The summary is an info-level message.
		expect(valuesOf(args, '-loglevel')).toEqual(['info']);
	});
});

describe('peaksArgs', () => {
	it('decodes to mono low-rate s16le PCM on stdout, with -fs as a second cap', () => {
		const args = peaksArgs({ input, sampleRate: 8000, maxDurationSeconds: 100 }).args;
		expect(valuesOf(args, '-ac')).toEqual(['1']);
		expect(valuesOf(args, '-ar')).toEqual(['8000']);
		expect(args.slice(-3)).toEqual(['-f', 's16le', 'pipe:1']);
		expect(Number(valuesOf(args, '-fs')[0])).toBeGreaterThanOrEqual(100 * 8000 * 2);
	});

	it.each([0, 7.5, 96_000])('refuses a sample rate of %s', (sampleRate) => {
		expect(() => peaksArgs({ input, sampleRate, maxDurationSeconds })).toThrow(RangeError);
	});
});

describe('artworkArgs', () => {
	const command = artworkArgs({ input: { path: '/srv/cover', format: 'png_pipe' }, outputDir });
	const { args } = command;

	it('reads an uploaded cover through an image demuxer with a pixel cap', () => {
		expect(valuesOf(args, '-f')[0]).toBe('png_pipe');
		expect(Number(valuesOf(args, '-max_pixels')[0])).toBeLessThanOrEqual(100_000_000);
		expect(args.indexOf('-max_pixels')).toBeLessThan(args.indexOf('-i'));
	});

	it('scales the first picture (an attached picture counts) into fixed file names, one frame each', () => {
		expect(valuesOf(args, '-filter_complex')[0]).toMatch(/^\[0:v:0\]split=3/);
		const files = args.filter((arg) => arg.startsWith(outputDir));
		expect(files).toEqual(
			[1200, 600, 300].flatMap((size) => [
				`${outputDir}/cover_${size}.webp`,
				`${outputDir}/cover_${size}.jpg`
			])
		);
		expect(valuesOf(args, '-frames:v')).toEqual(Array(6).fill('1'));
		expect(valuesOf(args, '-map_metadata')).toEqual(Array(6).fill('-1'));
		expect(command.outputLimit?.dir).toBe(outputDir);
	});

	it('refuses the image2 demuxer, which would expand patterns in the path', () => {
		expect(() =>
			artworkArgs({ input: { path: '/srv/cover', format: 'image2' as 'png_pipe' }, outputDir })
		).toThrow(RangeError);
	});
});
