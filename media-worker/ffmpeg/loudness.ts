import { loudnessArgs, type MediaInput } from './args';
import { FfmpegError } from './errors';
import type { FfmpegRunner, RunOptions } from './runner';

export interface Loudness {
	/** EBU R128 integrated loudness; null when the track is too quiet to measure (gated at -70 LUFS). */
	integratedLufs: number | null;
	/** null for digital silence, where ebur128 reports -inf. */
	truePeakDbfs: number | null;
	loudnessRangeLu: number;
}

/** ebur128 reports an integrated loudness of exactly -70.0 when every block fell under the absolute gate. */
const ABSOLUTE_GATE_LUFS = -70;

/**
 * Reads the last `Summary:` block the ebur128 filter logs when it closes. A failed filter graph still
 * logs an all-zero summary, so only call this for a run that exited cleanly.
 */
export function parseEbur128Summary(stderr: string | readonly string[]): Loudness {
	const lines = typeof stderr === 'string' ? stderr.split(/\r?\n/) : stderr;
	const start = lines.findLastIndex((line) => /\bSummary:\s*$/.test(line));
	if (start < 0) throw new Error('the ebur128 summary is missing from ffmpeg output');
	const summary = lines.slice(start + 1).join('\n');
	const integrated = readValue(summary, /^\s*I:\s*(\S+)\s+LUFS/m);
	const range = readValue(summary, /^\s*LRA:\s*(\S+)\s+LU\b/m);
	const peak = readValue(summary, /^\s*Peak:\s*(\S+)\s+dBFS/m);
	if (integrated === undefined || range === undefined || peak === undefined)
		throw new Error('the ebur128 summary is incomplete (was the filter run with peak=true?)');
	return {
		integratedLufs: integrated === null || integrated <= ABSOLUTE_GATE_LUFS ? null : integrated,
		truePeakDbfs: peak,
		loudnessRangeLu: range ?? 0
	};
}

/** undefined when absent; null for ±inf or nan. */
function readValue(text: string, pattern: RegExp): number | null | undefined {
	const match = pattern.exec(text);
	if (!match) return undefined;
	const value = Number(match[1]);
	return Number.isFinite(value) ? value : null;
}

export async function measureLoudness(
	runner: FfmpegRunner,
	input: MediaInput,
	options: Omit<RunOptions, 'collectStdout' | 'onStdout'> & { maxDurationSeconds: number }
): Promise<Loudness> {
	const { maxDurationSeconds, ...runOptions } = options;
	const { stderrTail } = await runner.run(loudnessArgs({ input, maxDurationSeconds }), runOptions);
	try {
		return parseEbur128Summary(stderrTail);
	} catch (error) {
		throw new FfmpegError('failed', `loudness could not be measured: ${(error as Error).message}`, {
			tool: 'ffmpeg',
			stderrTail
		});
	}
}
