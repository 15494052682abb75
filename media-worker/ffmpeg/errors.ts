/**
 * Failures of ffmpeg and ffprobe, turned into sentences for the person who uploaded the file. Pure:
 * the runner hands over the exit status and the stderr tail.
 */

export type FfmpegFailure =
	| 'not_installed'
	| 'timeout'
	| 'aborted'
	| 'output_too_large'
	| 'no_stream'
	| 'undecodable'
	| 'disk_full'
	| 'killed'
	| 'failed';

/**
 * Thrown for every failure. `message` is a sentence for a person: the artist when their file is the
 * problem, the operator when the machine is (ffmpeg missing, disk full).
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
