import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FfmpegCommand } from './args';
import { classifyFailure, FfmpegError, inputRefs, stoppedMessage, type FfmpegFailure } from './errors';

/**
 * The one place that starts ffmpeg and ffprobe.
 *
 * It spawns them directly (no shell) instead of through fluent-ffmpeg, which the design names, because
 * fluent-ffmpeg (archived upstream) would break requirements, not just taste:
 * - its ffprobe() keeps the child private, so a probe that hangs on a hostile file can never be killed,
 *   and it parses its own text format, so `-print_format json` cannot be used;
 * - attaching a `progress` listener makes it run its own ffprobe on the upload first, without the
 *   forced demuxer or `-protocol_whitelist`;
 * - it rewrites the argv (moves global options after the inputs, adds `-y`), so the argument lists the
 *   unit tests assert would not be the ones that run.
 * Everything it offered that we need (SIGKILL on timeout, niceness, a stderr ring, progress) is below.
 */

export interface RunnerConfig {
	ffmpegPath?: string;
	ffprobePath?: string;
	/** Added to this process's niceness for every child, so the web server keeps the CPU first. */
	niceness?: number;
	stderrTailLines?: number;
}

export interface RunOptions {
	/** Wall-clock limit; then the child gets SIGKILL. */
	timeoutMs: number;
	/** Known input duration, to turn ffmpeg's `out_time` into a fraction for `onProgress`. */
	durationSeconds?: number;
	onProgress?: (fraction: number) => void;
	/** Streams stdout as it arrives (the data never piles up here). */
	onStdout?: (chunk: Buffer) => void;
	/** Collects stdout as text, up to this many bytes (ffprobe's JSON). */
	collectStdout?: { maxBytes: number };
	signal?: AbortSignal;
	onStart?: (pid: number) => void;
}

export interface RunResult {
	stdout: string;
	stderrTail: string[];
}

const MAX_LINE_CHARS = 1000;
const MAX_PARTIAL_LINE_CHARS = 64 * 1024;
const OUTPUT_CHECK_INTERVAL_MS = 1000;
const PROGRESS_LINE =
	/^(frame|fps|stream_\d+_\d+_q|bitrate|total_size|out_time_us|out_time_ms|out_time|dup_frames|drop_frames|speed|progress)=/;
export function createFfmpegRunner(config: RunnerConfig = {}) {
	const binaries = { ffmpeg: config.ffmpegPath ?? 'ffmpeg', ffprobe: config.ffprobePath ?? 'ffprobe' };
	const niceness = config.niceness ?? 10;
	const tailLines = config.stderrTailLines ?? 40;

	function run(command: FfmpegCommand, options: RunOptions): Promise<RunResult> {
		const tool = command.tool;
		const binary = binaries[tool];
		if (options.signal?.aborted)
			return Promise.reject(new FfmpegError('aborted', 'processing was cancelled', { tool }));
		// setTimeout turns anything above 2^31-1 ms into 1 ms.
		if (!(options.timeoutMs > 0 && options.timeoutMs <= 2 ** 31 - 1))
			return Promise.reject(
				new RangeError(`timeoutMs must be between 1 and 2^31-1, got ${options.timeoutMs}`)
			);

		return new Promise<RunResult>((resolve, reject) => {
			const wantsStdout = Boolean(options.onStdout || options.collectStdout);
			const child = spawn(binary, command.args, {
				stdio: ['ignore', wantsStdout ? 'pipe' : 'ignore', 'pipe'],
				env: childEnvironment(),
				windowsHide: true
			});
			const tail: string[] = [];
			const stdoutChunks: Buffer[] = [];
			let stdoutBytes = 0;
			let partialLine = '';
			let lastFraction = 0;
			let stopReason: FfmpegFailure | null = null;
			let spawnError: NodeJS.ErrnoException | null = null;
			let consumerError: unknown = null;
			let checkingOutput = false;

			const stop = (reason: FfmpegFailure) => {
				if (stopReason) return;
				stopReason = reason;
				// A child that never started (ENOENT) has no pid, and Node would then signal pid 0: our own
				// process group. Found when a failed ffmpeg spawn aborted its sibling and killed the test run.
				if (child.pid !== undefined) child.kill('SIGKILL');
			};
			const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
			const onAbort = () => stop('aborted');
			options.signal?.addEventListener('abort', onAbort, { once: true });
			const limit = command.outputLimit;
			const watcher = limit
				? setInterval(() => {
						if (checkingOutput) return;
						checkingOutput = true;
						directoryBytes(limit.dir)
							.then((bytes) => bytes > limit.maxBytes && stop('output_too_large'))
							.finally(() => (checkingOutput = false));
					}, OUTPUT_CHECK_INTERVAL_MS)
				: undefined;

			const report = (fraction: number) => {
				const clamped = Math.min(1, fraction);
				if (clamped <= lastFraction) return;
				lastFraction = clamped;
				options.onProgress?.(clamped);
			};
			const onLine = (raw: string) => {
				const line = raw.trim();
				if (!line) return;
				const time = /^out_time_us=(\d+)$/.exec(line);
				if (time && options.durationSeconds) report(Number(time[1]) / 1e6 / options.durationSeconds);
				else if (line === 'progress=end') report(1);
				if (PROGRESS_LINE.test(line)) return;
				tail.push(line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line);
				if (tail.length > tailLines) tail.shift();
			};

			child.once('spawn', () => {
				if (child.pid === undefined) return;
				lowerPriority(child.pid, niceness);
				options.onStart?.(child.pid);
			});
			child.once('error', (error: NodeJS.ErrnoException) => {
				// Also raised when a kill fails; only a failure to start matters, and 'close' still follows.
				if (child.pid === undefined) spawnError = error;
			});
			child.stderr?.setEncoding('utf8');
			child.stderr?.on('data', (text: string) => {
				const parts = (partialLine + text).split(/\r\n|\r|\n/);
				partialLine = (parts.pop() ?? '').slice(-MAX_PARTIAL_LINE_CHARS);
				parts.forEach(onLine);
			});
			child.stdout?.on('data', (chunk: Buffer) => {
				if (options.onStdout) {
					try {
						options.onStdout(chunk);
					} catch (error) {
						consumerError ??= error;
						stop('failed');
					}
					return;
				}
				stdoutBytes += chunk.length;
				if (options.collectStdout && stdoutBytes > options.collectStdout.maxBytes) stop('output_too_large');
				else stdoutChunks.push(chunk);
			});

			child.once('close', async (exitCode, signal) => {
				onLine(partialLine);
				clearTimeout(timer);
				if (watcher) clearInterval(watcher);
				options.signal?.removeEventListener('abort', onAbort);
				const details = { tool, exitCode, signal, stderrTail: [...tail] };

				if (spawnError) {
					const why = spawnError.code === 'ENOENT' ? 'is not installed' : 'cannot be run';
					return reject(new FfmpegError('not_installed', `${tool} ${why} (tried "${binary}")`, details));
				}
				if (consumerError) return reject(consumerError);
				if (!stopReason && exitCode === 0 && limit && (await directoryBytes(limit.dir)) > limit.maxBytes)
					stopReason = 'output_too_large';
				if (stopReason)
					return reject(new FfmpegError(stopReason, stoppedMessage(stopReason, options.timeoutMs), details));
				if (exitCode !== 0) return reject(classifyFailure(details, inputRefs(command.args)));
				resolve({ stdout: Buffer.concat(stdoutChunks).toString('utf8'), stderrTail: [...tail] });
			});
		});
	}

	return { run };
}

export type FfmpegRunner = ReturnType<typeof createFfmpegRunner>;

/** An allowlist: FFREPORT, for one, would make ffmpeg write log files wherever it runs. */
function childEnvironment(): NodeJS.ProcessEnv {
	const keep = ['PATH', 'LD_LIBRARY_PATH', 'TMPDIR'].filter((key) => process.env[key] !== undefined);
	return Object.fromEntries(keep.map((key) => [key, process.env[key]]));
}

function lowerPriority(pid: number, niceness: number): void {
	try {
		os.setPriority(pid, Math.min(19, os.getPriority() + niceness));
	} catch {
		// The child already exited (ESRCH); lowering priority needs no privilege, so nothing else fails.
	}
}

async function directoryBytes(dir: string): Promise<number> {
	let entries;
	try {
		entries = await fs.readdir(dir, { withFileTypes: true });
	} catch {
		return 0;
	}
	let total = 0;
	for (const entry of entries) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) total += await directoryBytes(full);
		else
			total += await fs.stat(full).then(
				(stat) => stat.size,
				() => 0
			);
	}
	return total;
}
