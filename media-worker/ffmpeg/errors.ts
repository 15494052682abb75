/**
 * Failures of ffmpeg and ffprobe, classified, with two wordings: the error's `message` is the technical
 * detail (ffmpeg's own words, our paths removed) for the log and the studio's "Details" line, and
 * `plainFailure` is what the person reads: what happened and what to do, never a codec or tool name.
 * Pure: the runner hands over the exit status and the stderr tail.
 */

export type FfmpegFailure =
	| 'not_installed'
	| 'timeout'
	| 'aborted'
	| 'output_too_large'
	| 'no_stream'
	| 'undecodable'
	| 'image_too_large'
	| 'disk_full'
	| 'killed'
	| 'failed';

/**
 * Thrown for every failure. `message` is the technical detail, readable by the operator; the artist
 * reads `plainFailure(reason, subject)` instead.
 */
export class FfmpegError extends Error {
	override name = 'FfmpegError';
	constructor(
		readonly reason: FfmpegFailure,
		message: string,
		readonly details: {
			tool: string;
			exitCode?: number | null;
			signal?: string | null;
			stderrTail?: string[];
		}
	) {
		super(message);
	}
}

/** Lines that report a problem, as opposed to ffmpeg's informational chatter at `-loglevel info`. */
const PROBLEM_LINE =
	/error|invalid|fail|cannot|could not|missing|not supported|unsupported|out of range|no such|denied|exceeds|truncat/i;
/** Problems that only say "it failed" after another line said why. */
const CONSEQUENCE_LINES = [
	/^Conversion failed!?$/,
	/^Error marking filters as finished$/,
	/^Error reinitializing filters!?$/,
	/^Error configuring filter graph$/,
	/^Error while filtering/,
	/^Error while processing the decoded data for stream/,
	/^Failed to inject frame into filter network/
];
/** ffmpeg's wording, where it means nothing to an artist. */
const REWORDINGS: [RegExp, string][] = [
	[/^Cannot determine format of input stream .* after EOF$/, 'nothing in it could be decoded'],
	[/^Picture size (\d+x\d+) exceeds specified max pixel count.*$/, 'the picture is too large ($1 pixels)'],
	[/^Picture size (\d+x\d+) is invalid$/, 'the picture claims an impossible size ($1)'],
	[/^Error while decoding stream #[\d:]+: /, '']
];

export function stoppedMessage(reason: FfmpegFailure, timeoutMs: number): string {
	if (reason === 'timeout') return `processing took longer than ${formatDuration(timeoutMs)} and was stopped`;
	if (reason === 'aborted') return 'processing was cancelled';
	if (reason === 'output_too_large')
		return 'processing produced far more data than this track can need, so it was stopped';
	return 'processing was stopped';
}

export function classifyFailure(details: FfmpegError['details'], inputs: readonly string[]): FfmpegError {
	const { tool, exitCode, signal } = details;
	const lines = details.stderrTail ?? [];
	const all = lines.join('\n');
	if (/No space left on device/i.test(all))
		return new FfmpegError('disk_full', 'the disk is full, so processing stopped', details);
	const missing = /Stream (?:map|specifier) '[^']*:(a|v)\b[^']*'.* matches no streams/.exec(all);
	if (missing)
		return new FfmpegError(
			'no_stream',
			missing[1] === 'a' ? 'this file has no audio stream' : 'this file has no embedded picture',
			details
		);
	if (/exceeds specified max pixel count/i.test(all))
		return new FfmpegError(
			'image_too_large',
			`${tool} refused the picture: ${explain(lines, inputs)}`,
			details
		);
	if (signal)
		return new FfmpegError(
			'killed',
			`${tool} was stopped by ${signal} (the machine may have run out of memory)`,
			details
		);
	const why = explain(lines, inputs);
	const suffix = why ? `: ${why}` : ` (exit code ${exitCode})`;
	// A missing file or a permission problem is ours to fix, not a fault in the artist's file.
	if (/Permission denied|Read-only file system|No such file or directory|Could not open file/i.test(all))
		return new FfmpegError('failed', `${tool} could not open its files${suffix}`, details);
	return new FfmpegError('undecodable', `${tool} could not decode this file${suffix}`, details);
}

/**
 * The first line that names a problem (later ones are usually its consequences), without ffmpeg's
 * `[demuxer @ 0x…]` prefixes or our own paths.
 */
export function explain(lines: readonly string[], inputs: readonly string[] = []): string {
	const cleaned = lines.map((raw) => {
		let line = raw.replace(/^(\[[^\]]* @ 0x[0-9a-f]+\]\s*)+/i, '');
		for (const input of inputs) line = line.split(`${input}: `).join('').split(input).join('the file');
		return line;
	});
	const problems = cleaned.filter((line) => PROBLEM_LINE.test(line));
	let line =
		problems.find((problem) => !CONSEQUENCE_LINES.some((pattern) => pattern.test(problem))) ??
		problems[0] ??
		cleaned.at(-1) ??
		'';
	for (const [pattern, replacement] of REWORDINGS) line = line.replace(pattern, replacement);
	return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

export function inputRefs(args: string[]): string[] {
	const refs = args.flatMap((arg, i) => (args[i - 1] === '-i' ? [arg, arg.replace(/^file:/, '')] : []));
	// Longest first, so `file:/x` is removed before `/x` leaves a stray `file:`.
	return [...new Set(refs)].sort((a, b) => b.length - a.length);
}

function formatDuration(ms: number): string {
	if (ms < 1000) return `${ms} ms`;
	const seconds = Math.round(ms / 1000);
	if (seconds < 120) return `${seconds} second${seconds === 1 ? '' : 's'}`;
	return `${Math.round(seconds / 60)} minutes`;
}

/** What the failed file was meant to become: the same failure reads differently for each. */
export type FailureSubject = 'audio' | 'image' | 'file';

const TELL_OPERATORS = 'If it keeps happening, tell the people who run this Shoal.';
const EXPORT_AUDIO = 'Export it again as WAV, FLAC or MP3 and upload it.';
const SAVE_IMAGE = 'Save it again as a JPEG or PNG and upload it, or choose a different image.';

/**
 * Every failure class in plain words: what happened, then what to do. One sentence per class and
 * subject; a class that does not depend on the subject has one for all.
 */
const PLAIN_FAILURES: Record<FfmpegFailure, string | Record<FailureSubject, string>> = {
	undecodable: {
		audio: `This file isn't audio Shoal can read. ${EXPORT_AUDIO}`,
		image: `This image couldn't be read. ${SAVE_IMAGE}`,
		file: `This file couldn't be read. Check it opens on your computer and upload it again.`
	},
	no_stream: {
		audio: `This file has no sound in it that Shoal can read. ${EXPORT_AUDIO}`,
		image: `This file has no picture in it that Shoal can read. ${SAVE_IMAGE}`,
		file: `This file has nothing in it that Shoal can use. Check it opens on your computer and upload it again.`
	},
	image_too_large: {
		audio: `The picture inside this file is too large to use. ${EXPORT_AUDIO}`,
		image:
			'This image has too many pixels to process safely. Save it at 3000 × 3000 pixels or smaller and upload it again.',
		file: 'This picture has too many pixels to process safely. Save it smaller and upload it again.'
	},
	output_too_large: {
		audio: `Processing this file made far more data than a track of its length needs, so it was stopped. ${EXPORT_AUDIO}`,
		image: `Processing this image made far more data than a cover needs, so it was stopped. ${SAVE_IMAGE}`,
		file: 'Processing this file made far more data than expected, so it was stopped. Upload it again.'
	},
	timeout: `Processing took far longer than it should and was stopped. Try again. ${TELL_OPERATORS}`,
	disk_full: `The server ran out of disk space while processing. Try again later. ${TELL_OPERATORS}`,
	not_installed: `The server can't process media right now because a tool it needs is missing. Try again later. ${TELL_OPERATORS}`,
	killed: `Processing stopped unexpectedly (the server may have run short of memory). Try again. ${TELL_OPERATORS}`,
	aborted: 'Processing was cancelled before it finished. Try again.',
	failed: `Something went wrong on the server while processing. Try again. ${TELL_OPERATORS}`
};

export function plainFailure(reason: FfmpegFailure, subject: FailureSubject): string {
	const entry = PLAIN_FAILURES[reason];
	return typeof entry === 'string' ? entry : entry[subject];
}

/** Failures a retry cannot mend: the file itself is at fault, so the job goes straight to dead. */
export const PERMANENT_FAILURES: readonly FfmpegFailure[] = [
	'undecodable',
	'no_stream',
	'image_too_large',
	'output_too_large'
];
