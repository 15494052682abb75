import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from '../../helpers/app-context';
import { until } from '../../helpers/processes';
import { OUTCOME_TIMEOUT_MS } from './fixtures';

/** A real media worker process (`node --import tsx media-worker/main.ts`) on a test's DATA_DIR. */
export interface WorkerProcess {
	child: ChildProcess;
	pid: number;
	/** JSON log lines (LOG_LEVEL=warn) printed so far. */
	logs(): { msg?: string; level?: number }[];
	waitForLog(pattern: RegExp): Promise<void>;
	/** ffmpeg/ffprobe processes it started, still running. */
	children(): number[];
	exited(): boolean;
}

/** A short lease keeps the fault tests quick; the tests wait on outcomes, never on timings. */
export const TEST_LEASE_SECONDS = 3;

export function spawnWorker(dataDir: string, env: Record<string, string> = {}): WorkerProcess {
	// Vitest's own IPC variables would make the worker believe it has a supervisor channel.
	const {
		NODE_CHANNEL_FD: _fd,
		NODE_CHANNEL_SERIALIZATION_MODE: _mode,
		SHOAL_SUPERVISOR_PID: _supervisor,
		...base
	} = process.env;
	const child = spawn(process.execPath, ['--import', 'tsx', 'media-worker/main.ts'], {
		cwd: PROJECT_ROOT,
		env: {
			...base,
			DATA_DIR: dataDir,
			SHOAL_WORKER_CONCURRENCY: '1',
			SHOAL_JOB_LEASE_SECONDS: String(TEST_LEASE_SECONDS),
			LOG_LEVEL: 'warn',
			LOG_FORMAT: 'json',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (chunk) => (output += String(chunk)));
	child.stderr!.on('data', (chunk) => (output += String(chunk)));
	const logs = () =>
		output
			.split('\n')
			.filter((line) => line.startsWith('{'))
			.map((line) => JSON.parse(line) as { msg?: string; level?: number });
	return {
		child,
		pid: child.pid!,
		logs,
		async waitForLog(pattern) {
			await until(
				() => (logs().some((line) => pattern.test(line.msg ?? '')) ? true : undefined),
				`a worker log line matching ${pattern}`,
				OUTCOME_TIMEOUT_MS
			);
		},
		children() {
			const listed = spawnSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)], { encoding: 'utf8' });
			return listed.stdout
				.split('\n')
				.map((line) => Number(line.trim()))
				.filter((pid) => pid > 0);
		},
		exited: () => child.exitCode !== null || child.signalCode !== null
	};
}

/** Ends a worker and anything it left running; for cleanup after a test. */
export function killWorker(worker: WorkerProcess | undefined, orphans: number[] = []): void {
	if (!worker) return;
	const pids = [...worker.children(), ...orphans];
	if (!worker.exited()) {
		worker.child.kill('SIGCONT');
		worker.child.kill('SIGKILL');
	}
	for (const pid of pids) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// Already gone.
		}
	}
}
