import fs from 'node:fs/promises';
import { ladderArgs, ladderRungs, type MediaInput } from './args';
import { FfmpegError } from './errors';
import { finalizeLadder, type FinishedRung } from './playlist';
import type { FfmpegRunner, RunOptions } from './runner';

/**
 * Below this much free space after encoding, a write may have failed. ffmpeg 5.1's HLS muxer ignores
 * ENOSPC: it exits 0, silently leaving truncated segments and empty playlists (checked on a small tmpfs).
 */
const MIN_FREE_BYTES_AFTER_ENCODE = 1024 * 1024;

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
	if (await diskFull(outputDir))
		throw new FfmpegError('disk_full', 'the disk is full, so processing stopped', { tool: 'ffmpeg' });
	return finalizeLadder(outputDir, ladderRungs(lossless));
}

async function diskFull(dir: string): Promise<boolean> {
	const stats = await fs.statfs(dir).catch(() => null);
	return stats !== null && stats.bavail * stats.bsize < MIN_FREE_BYTES_AFTER_ENCODE;
}
