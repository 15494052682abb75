import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
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
 *
 * No ffmpeg outlives its worker. A worker killed with SIGKILL runs no cleanup code, so its children
 * must die without its help; three layers see to that:
 * 1. The kernel. On Linux each child is started through util-linux's `setpriv --pdeathsig KILL`,
 *    which sets PR_SET_PDEATHSIG (not reachable from Node itself) and then execs ffmpeg in the same
 *    process: when the thread that spawned it (Node's main thread, i.e. the worker) dies, however it
 *    dies, the kernel sends the child SIGKILL. This covers a standalone worker (`npm run worker`) too.
 * 2. The supervisor. Each child runs in its own process group (`detached`: setsid), and the worker
 *    reports every child's pid over IPC (`watchMediaChildren`, wired up in media-worker/main.ts); when
 *    a supervised worker exits, src/server/worker-supervisor.ts kills the groups it had running. This
 *    covers a machine without setpriv and the instant between fork and prctl.
 * 3. The worker itself. A timeout, an abort (lost lease, shutdown) or a failed sibling kills the
 *    child's whole group, so nothing the child started survives it either.
 * What such a child leaves in the media store's temp dir is swept when the next worker starts
 * (MediaStore.sweepTemp: directories whose process is gone go at once).
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

/** A started or finished child: the worker forwards these to its supervisor. */
export interface MediaChildEvent {
	pid: number;
	running: boolean;
}
const childWatchers = new Set<(event: MediaChildEvent) => void>();

/** Hears of every ffmpeg/ffprobe child this process starts and ends; returns the unsubscribe. */
export function watchMediaChildren(listener: (event: MediaChildEvent) => void): () => void {
	childWatchers.add(listener);
	return () => childWatchers.delete(listener);
}

function announce(event: MediaChildEvent): void {
	for (const listener of childWatchers) {
		try {
			listener(event);
		} catch {
			// A watcher's failure (the supervisor's channel closed) must not break the job.
		}
	}
}

const DEATH_SIGNAL_WRAPPERS = ['/usr/bin/setpriv', '/bin/setpriv'];
let deathSignalWrapper: string | null | undefined;

/** util-linux's setpriv, where the platform has it (Linux); null elsewhere (layers 2 and 3 remain). */
export function findDeathSignalWrapper(): string | null {
	if (deathSignalWrapper !== undefined) return deathSignalWrapper;
	deathSignalWrapper = null;
	if (process.platform !== 'linux') return null;
	for (const candidate of DEATH_SIGNAL_WRAPPERS) {
		try {
			accessSync(candidate, fsConstants.X_OK);
			deathSignalWrapper = candidate;
			break;
		} catch {
			// Not here; try the next.
		}
	}
	return deathSignalWrapper;
}

/** The argv that runs `binary` so that it dies with this process (see the header). */
export function spawnArgv(binary: string, args: readonly string[], wrapper: string | null) {
	return wrapper
		? { file: wrapper, args: ['--pdeathsig', 'KILL', '--', binary, ...args] }
		: { file: binary, args: [...args] };
}

/** setpriv's own exit when it could not exec the binary (as a shell's 127 "not found", 126 "cannot run"). */
const WRAPPER_EXEC_FAILED = /^setpriv: failed to execute .*: (.*)$/;

const MAX_LINE_CHARS = 1000;
const MAX_PARTIAL_LINE_CHARS = 64 * 1024;
const OUTPUT_CHECK_INTERVAL_MS = 1000;
const PROGRESS_LINE =
	/^(frame|fps|stream_\d+_\d+_q|bitrate|total_size|out_time_us|out_time_ms|out_time|dup_frames|drop_frames|speed|progress)=/;
export function createFfmpegRunner(config: RunnerConfig = {}) {
	const binaries = { ffmpeg: config.ffmpegPath ?? 'ffmpeg', ffprobe: config.ffprobePath ?? 'ffprobe' };
	const niceness = config.niceness ?? 10;
	const tailLines = config.stderrTailLines ?? 40;
	const wrapper = findDeathSignalWrapper();
	// Its own process group, so one signal reaches everything the child started (not on Windows).
	const ownGroup = process.platform !== 'win32';

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
			const argv = spawnArgv(binary, command.args, wrapper);
			const child = spawn(argv.file, argv.args, {
				stdio: ['ignore', wantsStdout ? 'pipe' : 'ignore', 'pipe'],
				env: childEnvironment(),
				detached: ownGroup,
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
				if (child.pid !== undefined) killTree(child.pid, ownGroup, () => child.kill('SIGKILL'));
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
				const execFailed = wrapper ? WRAPPER_EXEC_FAILED.exec(line) : null;
				if (execFailed) wrapperFailure = execFailed[1];
				const time = /^out_time_us=(\d+)$/.exec(line);
				if (time && options.durationSeconds) report(Number(time[1]) / 1e6 / options.durationSeconds);
				else if (line === 'progress=end') report(1);
				if (PROGRESS_LINE.test(line)) return;
				tail.push(line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line);
				if (tail.length > tailLines) tail.shift();
			};

			let wrapperFailure: string | null = null;
			child.once('spawn', () => {
				if (child.pid === undefined) return;
				announce({ pid: child.pid, running: true });
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
				if (child.pid !== undefined) announce({ pid: child.pid, running: false });
				onLine(partialLine);
				// setpriv started, but the binary it was to become could not: the same as a failed spawn.
				if (wrapperFailure && (exitCode === 126 || exitCode === 127))
					spawnError = Object.assign(new Error(wrapperFailure), {
						code: exitCode === 127 ? 'ENOENT' : 'EACCES'
					});
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

/** SIGKILL to the child's process group (its own, see `detached`), or to the child alone. */
function killTree(pid: number, ownGroup: boolean, fallback: () => void): void {
	if (!ownGroup) return fallback();
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// The group is already gone (ESRCH), or the child had not yet become its leader.
		fallback();
	}
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
