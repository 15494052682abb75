import path from 'node:path';
import {
	FORCED_DEMUXERS as AUDIO_DEMUXERS,
	type ForcedDemuxer as AudioDemuxer
} from '../../src/lib/server/media/sniff-result';

/**
 * ffmpeg commands as data: every builder here is pure and returns the exact argv the runner spawns,
 * so the unit tests assert what really runs. Hardening lives in `decodeInput` and is shared by every
 * command that reads an uploaded file.
 */

/**
 * The demuxers the upload sniffer forces (one list, decided where the bytes are read): `mov` covers
 * M4A with ALAC or AAC, `ogg` covers Vorbis and Opus.
 */
export { AUDIO_DEMUXERS, type AudioDemuxer };

/** The `*_pipe` demuxers read one image by its content and never expand `%d` patterns like image2. */
export const IMAGE_DEMUXERS = ['jpeg_pipe', 'png_pipe', 'webp_pipe'] as const;
export type ImageDemuxer = (typeof IMAGE_DEMUXERS)[number];

export interface FfmpegCommand {
	tool: 'ffmpeg' | 'ffprobe';
	args: string[];
	/** Enforced by the runner for muxers that ignore `-fs` (HLS and image2 write their own files). */
	outputLimit?: { dir: string; maxBytes: number };
}

export interface MediaInput {
	path: string;
	format: AudioDemuxer;
}

export const SEGMENT_SECONDS = 6;
export const LADDER_SAMPLE_RATE = 48_000;
export const MASTER_PLAYLIST = 'master.m3u8';
export const MEDIA_PLAYLIST = 'index.m3u8';

export interface LadderRung {
	/** Also the rung's directory name: fixed by us, never derived from user input. */
	name: string;
	codec: 'aac' | 'flac';
	/** RFC 6381 codec string for the master playlist's CODECS attribute. */
	codecs: string;
	/** Target bitrate in bit/s; null for FLAC, whose size follows the music. */
	bitrate: number | null;
}

/**
 * 64k is the data-saver rung, 128k the everyday one, 160k the top of Apple's recommended AAC range.
 * All AAC-LC: ffmpeg's native encoder makes nothing else (HE-AAC needs libfdk_aac, not in Debian).
 */
export const AAC_RUNGS: readonly LadderRung[] = [
	{ name: 'aac_64k', codec: 'aac', codecs: 'mp4a.40.2', bitrate: 64_000 },
	{ name: 'aac_128k', codec: 'aac', codecs: 'mp4a.40.2', bitrate: 128_000 },
	{ name: 'aac_160k', codec: 'aac', codecs: 'mp4a.40.2', bitrate: 160_000 }
];
export const FLAC_RUNG: LadderRung = { name: 'flac', codec: 'flac', codecs: 'fLaC', bitrate: null };

export function ladderRungs(lossless: boolean): LadderRung[] {
	return lossless ? [...AAC_RUNGS, FLAC_RUNG] : [...AAC_RUNGS];
}

/** AAC frames are 1024 samples; FLAC frames of the same length make the rungs' segment cuts coincide. */
const FLAC_FRAME_SAMPLES = 1024;
/**
 * A runaway guard, not an estimate. The worst FLAC rung is incompressible 192 kHz / 24-bit stereo
 * (ffmpeg 5.1's FLAC encoder stops at 24 bits); AAC frames cannot exceed 6144 bits per channel
 * (ISO 14496-3), which bounds every AAC rung whatever the encoder does.
 */
const FLAC_WORST_BITS_PER_SECOND = 192_000 * 24 * 2;
const AAC_WORST_BITS_PER_SECOND = ((6144 * 2) / 1024) * LADDER_SAMPLE_RATE;
const CONTAINER_SLACK_BYTES = 1024 * 1024;
const MAX_ARTWORK_PIXELS = 50_000_000;
export const ARTWORK_SIZES = [1200, 600, 300] as const;
export const ARTWORK_FORMATS = ['webp', 'jpg'] as const;

/** The most bytes a ladder of this length can honestly need; more means something went wrong. */
export function ladderOutputBudgetBytes(maxDurationSeconds: number, lossless: boolean): number {
	const bitsPerSecond =
		AAC_RUNGS.length * AAC_WORST_BITS_PER_SECOND + (lossless ? FLAC_WORST_BITS_PER_SECOND : 0);
	return Math.ceil((bitsPerSecond / 8) * maxDurationSeconds) + CONTAINER_SLACK_BYTES;
}

export function probeArgs(options: { input: MediaInput }): FfmpegCommand {
	const { input } = options;
	return {
		tool: 'ffprobe',
		// ffprobe has no -nostdin: the runner gives it no stdin at all.
		args: [
			'-hide_banner',
			'-loglevel',
			'error',
			...forcedInput(input.path, checkAudioDemuxer(input.format)),
			'-print_format',
			'json',
			'-show_format',
			'-show_streams'
		]
	};
}

/**
 * How the ladder is split over ffmpeg processes. ffmpeg 5.1 encodes all outputs of one process on one
 * core, so one process per group lets the ladder use both cores. Measured on a 240 s WAV (CPU seconds):
 * AAC 64k 1.7, 128k 2.7, 160k 2.9, FLAC 0.6, loudness 1.0, peaks 0.1. The group without the 160k rung
 * finishes first, which leaves room on its core for the loudness and peaks scans running beside it.
 */
export function ladderGroups(lossless: boolean): LadderRung[][] {
	const [aac64, aac128, aac160] = AAC_RUNGS;
	return [[aac64, aac160], lossless ? [aac128, FLAC_RUNG] : [aac128]];
}

/**
 * One ffmpeg command writing `rungs` (by default the whole ladder) into `<outputDir>/<rung name>/`.
 * The master playlist is not ffmpeg's: finalizeLadder writes it from the finished rungs.
 */
export function ladderArgs(options: {
	input: MediaInput;
	outputDir: string;
	lossless: boolean;
	maxDurationSeconds: number;
	rungs?: readonly LadderRung[];
}): FfmpegCommand {
	const { input, outputDir, lossless } = options;
	checkOutputDir(outputDir);
	const rungs = options.rungs ?? ladderRungs(lossless);
	if (rungs.length === 0 || rungs.some((rung) => !ladderRungs(lossless).includes(rung)))
		throw new RangeError('ladder rungs must be a non-empty part of the ladder');
	const perRung = rungs.flatMap((rung, index) => rungCodecOptions(rung, index));
	return {
		tool: 'ffmpeg',
		args: [
			...decodeInput(input, 'error'),
			...rungs.flatMap(() => ['-map', '0:a:0']),
			...dropEverythingButAudio(),
			'-t',
			durationCap(options.maxDurationSeconds),
			...perRung,
			// FLAC in MP4 is still marked experimental in ffmpeg 5.1.
			...(rungs.includes(FLAC_RUNG) ? ['-strict', '-2'] : []),
			'-f',
			'hls',
			'-hls_time',
			String(SEGMENT_SECONDS),
			'-hls_playlist_type',
			'vod',
			'-hls_segment_type',
			'fmp4',
			'-hls_flags',
			'independent_segments',
			'-hls_fmp4_init_filename',
			'init.mp4',
			'-hls_segment_filename',
			path.join(outputDir, '%v', 'segment_%05d.m4s'),
			'-var_stream_map',
			rungs.map((rung, index) => `a:${index},name:${rung.name}`).join(' '),
			path.join(outputDir, '%v', MEDIA_PLAYLIST)
		],
		// The cap is on the whole ladder directory, whichever process writes into it.
		outputLimit: { dir: outputDir, maxBytes: ladderOutputBudgetBytes(options.maxDurationSeconds, lossless) }
	};
}

function rungCodecOptions(rung: LadderRung, index: number): string[] {
	const a = `a:${index}`;
	// Every rung is stereo, so switching rungs never changes the channel layout under the player.
	if (rung.codec === 'flac')
		return [`-c:${a}`, 'flac', `-ac:${a}`, '2', `-frame_size:${a}`, String(FLAC_FRAME_SAMPLES)];
	return [
		`-c:${a}`,
		'aac',
		`-b:${a}`,
		String(rung.bitrate),
		// Measured here on a 3-rung ladder: twoloop (the default) ~8x realtime, fast ~23x. fast trades a
		// little quality for keeping a 2-hour upload to minutes on two shared cores.
		`-aac_coder:${a}`,
		'fast',
		`-ar:${a}`,
		String(LADDER_SAMPLE_RATE),
		`-ac:${a}`,
		'2'
	];
}

export function loudnessArgs(options: { input: MediaInput; maxDurationSeconds: number }): FfmpegCommand {
	return {
		tool: 'ffmpeg',
		args: [
			// The ebur128 summary is logged at info level; framelog=verbose hides the 10-per-second lines.
			...decodeInput(options.input, 'info'),
			'-map',
			'0:a:0',
			...dropEverythingButAudio(),
			'-t',
			durationCap(options.maxDurationSeconds),
			'-af',
			'ebur128=peak=true:framelog=verbose',
			'-f',
			'null',
			'-'
		]
	};
}

export function peaksArgs(options: {
	input: MediaInput;
	sampleRate: number;
	maxDurationSeconds: number;
}): FfmpegCommand {
	const { sampleRate, maxDurationSeconds } = options;
	if (!Number.isInteger(sampleRate) || sampleRate < 100 || sampleRate > LADDER_SAMPLE_RATE)
		throw new RangeError(`peaks sample rate must be a whole number of Hz up to 48000, got ${sampleRate}`);
	const maxBytes = Math.ceil(maxDurationSeconds * sampleRate * 2) + 4096;
	return {
		tool: 'ffmpeg',
		args: [
			...decodeInput(options.input, 'error'),
			'-map',
			'0:a:0',
			...dropEverythingButAudio(),
			'-t',
			durationCap(maxDurationSeconds),
			'-ac',
			'1',
			'-ar',
			String(sampleRate),
			'-c:a',
			'pcm_s16le',
			// A pipe has a position ffmpeg can count, so -fs works here (unlike HLS and image2 outputs).
			'-fs',
			String(maxBytes),
			'-f',
			's16le',
			'pipe:1'
		]
	};
}

export function artworkFileName(size: number, format: (typeof ARTWORK_FORMATS)[number]): string {
	return `cover_${size}.${format}`;
}

/**
 * Resizes the first picture of `input` (an audio file's attached picture, or an uploaded cover) to
 * every ARTWORK_SIZES box, never upscaling, as WebP and JPEG, in one process.
 */
export function artworkArgs(options: {
	input: { path: string; format: AudioDemuxer | ImageDemuxer };
	outputDir: string;
}): FfmpegCommand {
	const { input, outputDir } = options;
	checkOutputDir(outputDir);
	const format = (IMAGE_DEMUXERS as readonly string[]).includes(input.format)
		? input.format
		: checkAudioDemuxer(input.format);
	const branches = ARTWORK_SIZES.map(
		(size, i) =>
			`[s${i}]scale=w='min(${size},iw)':h='min(${size},ih)':force_original_aspect_ratio=decrease,split=2[w${i}][j${i}]`
	);
	const graph = [
		`[0:v:0]split=${ARTWORK_SIZES.length}${ARTWORK_SIZES.map((_, i) => `[s${i}]`).join('')}`,
		...branches
	];
	const outputs = ARTWORK_SIZES.flatMap((size, i) => [
		...['-map', `[w${i}]`, '-frames:v', '1', '-map_metadata', '-1', '-c:v', 'libwebp', '-quality', '80'],
		...['-f', 'image2', '-update', '1', path.join(outputDir, artworkFileName(size, 'webp'))],
		...['-map', `[j${i}]`, '-frames:v', '1', '-map_metadata', '-1', '-c:v', 'mjpeg', '-q:v', '3'],
		...[
			'-pix_fmt',
			'yuvj420p',
			'-f',
			'image2',
			'-update',
			'1',
			path.join(outputDir, artworkFileName(size, 'jpg'))
		]
	]);
	return {
		tool: 'ffmpeg',
		args: [
			...commonOptions('error'),
			// A decompression bomb (a small file claiming a huge picture) fails here instead of eating RAM.
			'-max_pixels',
			String(MAX_ARTWORK_PIXELS),
			...forcedInput(input.path, format),
			'-filter_complex',
			graph.join(';'),
			...outputs
		],
		// Six pictures of at most 1200x1200 stay far below this.
		outputLimit: { dir: outputDir, maxBytes: 32 * 1024 * 1024 }
	};
}

export function commonOptions(loglevel: 'error' | 'info'): string[] {
	// Progress goes to stderr so stdout stays free for data (PCM for peaks); -nostats avoids a second report.
	return ['-nostdin', '-hide_banner', '-nostats', '-loglevel', loglevel, '-progress', 'pipe:2'];
}

function decodeInput(input: MediaInput, loglevel: 'error' | 'info'): string[] {
	return [...commonOptions(loglevel), ...forcedInput(input.path, checkAudioDemuxer(input.format))];
}

/**
 * `-protocol_whitelist file` stops playlists or ffconcat files from reaching other protocols, the
 * forced demuxer stops ffmpeg from guessing (an HLS playlist renamed .mp3 is read as MP3 and fails),
 * and the `file:` prefix stops a colon in the path from naming a protocol.
 */
export function forcedInput(inputPath: string, format: string): string[] {
	checkPath(inputPath, 'input path');
	return ['-protocol_whitelist', 'file', '-f', format, '-i', `file:${inputPath}`];
}

function dropEverythingButAudio(): string[] {
	// -map_metadata -1 with no specifier stops the default copying of global, stream and chapter tags.
	return ['-vn', '-sn', '-dn', '-map_metadata', '-1', '-map_chapters', '-1'];
}

export function durationCap(seconds: number): string {
	if (!Number.isFinite(seconds) || seconds <= 0)
		throw new RangeError(`duration cap must be positive, got ${seconds}`);
	return String(seconds);
}

export function checkAudioDemuxer(format: string): AudioDemuxer {
	if (!(AUDIO_DEMUXERS as readonly string[]).includes(format))
		throw new RangeError(`"${format}" is not an audio demuxer Shoal forces`);
	return format as AudioDemuxer;
}

export function checkPath(value: string, what: string): void {
	// eslint-disable-next-line no-control-regex
	if (!path.isAbsolute(value) || /[\u0000-\u001f\u007f]/.test(value) || value.split('/').includes('..'))
		throw new RangeError(`${what} must be an absolute path without control characters or "..": ${value}`);
}

export function checkOutputDir(dir: string): void {
	checkPath(dir, 'output directory');
	// ffmpeg expands % patterns in HLS segment names and image2 outputs.
	if (dir.includes('%')) throw new RangeError(`output directory must not contain "%": ${dir}`);
}
