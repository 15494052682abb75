import { ladderArgs, ladderRungs, type MediaInput } from './args';
import { finalizeLadder, type FinishedRung } from './playlist';
import type { FfmpegRunner, RunOptions } from './runner';

/**
 * Encodes the HLS ladder into `outputDir` (an unpublished temp directory) and rewrites its playlists.
 * On failure the directory holds partial output: the caller discards it.
 */
export async function encodeLadder(
	runner: FfmpegRunner,
	options: Omit<RunOptions, 'collectStdout' | 'onStdout'> & {
		input: MediaInput;
		outputDir: string;
		lossless: boolean;
		maxDurationSeconds: number;
	}
): Promise<FinishedRung[]> {
	const { input, outputDir, lossless, maxDurationSeconds, ...runOptions } = options;
	await runner.run(ladderArgs({ input, outputDir, lossless, maxDurationSeconds }), runOptions);
	return finalizeLadder(outputDir, ladderRungs(lossless));
}
