import fs from 'node:fs/promises';
import { unlimitedCpuSlots, type CpuSlots } from './cpu-slots';
import { ladderArgs, ladderGroups, ladderRungs, type MediaInput } from './args';
import { FfmpegError } from './errors';
import { finalizeLadder, type FinishedRung } from './playlist';
import type { FfmpegRunner, RunOptions } from './runner';
import { runTogether } from './together';

/**
 * Below this much free space after encoding, a write may have failed. ffmpeg 5.1's HLS muxer ignores
 * ENOSPC: it exits 0, silently leaving truncated segments and empty playlists (checked on a small tmpfs).
 */
const MIN_FREE_BYTES_AFTER_ENCODE = 1024 * 1024;

/**
 * Encodes the HLS ladder into `outputDir` (an unpublished temp directory), one ffmpeg process per
 * rung group (see ladderGroups), and rewrites its playlists. Progress is the slowest group's. On
 * failure the directory holds partial output: the caller discards it.
 */
export async function encodeLadder(
	runner: FfmpegRunner,
	options: Omit<RunOptions, 'collectStdout' | 'onStdout'> & {
		input: MediaInput;
		outputDir: string;
		lossless: boolean;
		maxDurationSeconds: number;
		cpuSlots?: CpuSlots;
	}
): Promise<FinishedRung[]> {
	const { input, outputDir, lossless, maxDurationSeconds, onProgress, signal, cpuSlots, ...runOptions } =
		options;
	const slots = cpuSlots ?? unlimitedCpuSlots;
	const groups = ladderGroups(lossless);
	const fractions = groups.map(() => 0);
	await runTogether(
		signal,
		groups.map(
			(rungs, index) => (groupSignal: AbortSignal) =>
				slots.run(() =>
					runner.run(ladderArgs({ input, outputDir, lossless, maxDurationSeconds, rungs }), {
						...runOptions,
						signal: groupSignal,
						onProgress: (fraction) => {
							fractions[index] = fraction;
							onProgress?.(Math.min(...fractions));
						}
					})
				)
		)
	);
	if (await diskFull(outputDir))
		throw new FfmpegError('disk_full', 'the disk is full, so processing stopped', { tool: 'ffmpeg' });
	return finalizeLadder(outputDir, ladderRungs(lossless));
}

async function diskFull(dir: string): Promise<boolean> {
	const stats = await fs.statfs(dir).catch(() => null);
	return stats !== null && stats.bavail * stats.bsize < MIN_FREE_BYTES_AFTER_ENCODE;
}
