import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../lib/server/logger';
import { mediaChildMessageSchema } from './worker-messages';

export const WORKER_ENTRY = path.resolve('media-worker/main.ts');
const MAX_RESTART_DELAY_MS = 30_000;
/** A worker that stayed up this long is considered healthy again: the backoff starts over. */
const STABLE_AFTER_MS = 60_000;
const STOP_GRACE_MS = 10_000;

export interface WorkerSupervisor {
	stop(): Promise<void>;
	readonly pid: number | undefined;
}

/**
 * Runs the media worker as a child process and restarts it with exponential backoff when it dies.
 * The IPC channel lets the worker notice when this process is gone and stop too, and tells this
 * process which ffmpeg children (each in its own process group) the worker has running: when the
 * worker dies, those groups are killed here, so no ffmpeg outlives it (media-worker/ffmpeg/runner.ts).
 */
export function startWorkerSupervisor(options: {
	logger: Logger;
	env?: NodeJS.ProcessEnv;
}): WorkerSupervisor {
	const { logger } = options;
	let child: ChildProcess | undefined;
	let stopping = false;
	let consecutiveFailures = 0;
	let restartTimer: NodeJS.Timeout | undefined;

	// A parent that was itself forked (npm, test runners) passes its own IPC variables down; they would
	// confuse the worker's channel to us.
	const {
		NODE_CHANNEL_FD: _fd,
		NODE_CHANNEL_SERIALIZATION_MODE: _mode,
		...baseEnv
	} = options.env ?? process.env;

	function launch(): void {
		const startedAt = Date.now();
		const current = spawn(process.execPath, ['--import', 'tsx', WORKER_ENTRY], {
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
			env: { ...baseEnv, SHOAL_SUPERVISOR_PID: String(process.pid) }
		});
		child = current;
		const mediaChildren = new Set<number>();
		current.on('message', (raw) => {
			const message = mediaChildMessageSchema.safeParse(raw);
			if (!message.success) return;
			if (message.data.running) mediaChildren.add(message.data.pid);
			else mediaChildren.delete(message.data.pid);
		});
		current.on('error', (error) => logger.error({ err: error }, 'could not start the media worker'));
		current.on('exit', (code, signal) => {
			const killed = killMediaGroups(mediaChildren);
			if (killed > 0) logger.warn({ killed }, 'stopped ffmpeg processes the media worker left behind');
			if (child === current) child = undefined;
			if (stopping) return;
			if (Date.now() - startedAt > STABLE_AFTER_MS) consecutiveFailures = 0;
			const delay = Math.min(MAX_RESTART_DELAY_MS, 1000 * 2 ** consecutiveFailures);
			consecutiveFailures++;
			logger.warn({ code, signal, restartInMs: delay }, 'media worker stopped; restarting');
			restartTimer = setTimeout(launch, delay);
		});
	}

	launch();

	return {
		get pid() {
			return child?.pid;
		},
		async stop() {
			stopping = true;
			clearTimeout(restartTimer);
			const running = child;
			if (!running || running.exitCode !== null || running.signalCode !== null) return;
			await new Promise<void>((resolve) => {
				const killTimer = setTimeout(() => running.kill('SIGKILL'), STOP_GRACE_MS);
				running.once('exit', () => {
					clearTimeout(killTimer);
					resolve();
				});
				running.kill('SIGTERM');
			});
		}
	};
}

/** What a media child is called in /proc, when it is still that child and not a reused pid. */
const MEDIA_COMMANDS = new Set(['ffmpeg', 'ffprobe', 'setpriv']);

/** SIGKILL to each process group still led by one of the worker's media children; returns how many. */
export function killMediaGroups(pids: Iterable<number>): number {
	let killed = 0;
	for (const pid of pids) {
		if (!isMediaChild(pid)) continue;
		try {
			process.kill(-pid, 'SIGKILL');
			killed++;
		} catch {
			// Gone already (the kernel's death signal usually gets there first).
		}
	}
	return killed;
}

function isMediaChild(pid: number): boolean {
	try {
		return MEDIA_COMMANDS.has(fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
	} catch {
		// No /proc (not Linux): trust the worker's report. A pid that is gone fails the kill harmlessly.
		return process.platform !== 'linux';
	}
}
