import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { STAGE_RANGES } from '../../../media-worker/ingest/track-progress';
import type { TrackRow } from '../../../src/lib/server/catalog/track-repository';
import { killMediaGroups } from '../../../src/server/worker-supervisor';
import { PROJECT_ROOT, tempDir } from '../../helpers/app-context';
import { generateTrack, type GeneratedAudio } from '../../helpers/audio';
import { until } from '../../helpers/processes';
import {
	createIngestApp,
	OUTCOME_TIMEOUT_MS,
	TEST_TIMEOUT_MS,
	settled,
	upload,
	type IngestApp
} from './fixtures';
import { spawnWorker, TEST_LEASE_SECONDS, type WorkerProcess } from './worker-process';

vi.setConfig({ testTimeout: TEST_TIMEOUT_MS, hookTimeout: OUTCOME_TIMEOUT_MS });

/**
 * A media worker killed with SIGKILL runs no cleanup, yet none of its ffmpeg processes may outlive it
 * by more than two seconds (the bound): real workers, real ffmpeg, real signals, read in /proc.
 */

const SURVIVAL_LIMIT_MS = 2_000;

let dir: string;
let long: GeneratedAudio;
let app: IngestApp | undefined;
const cleanups: (() => void)[] = [];

beforeAll(() => {
	dir = tempDir('shoal-orphans-src-');
	// Long enough that the transcode is still running when the worker is killed.
	long = generateTrack({ dir, name: 'long', seconds: 120, format: 'wav' });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
	app?.cleanup();
	app = undefined;
});

/** A process as /proc shows it: its command, state and parent. Null once it is gone or a zombie. */
function processInfo(pid: number): { comm: string; state: string; ppid: number } | null {
	let stat: string;
	try {
		stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	} catch {
		return null;
	}
	// "pid (comm) state ppid …"; comm may hold spaces and parentheses, so split at the last ')'.
	const close = stat.lastIndexOf(')');
	const comm = stat.slice(stat.indexOf('(') + 1, close);
	const [state, ppid] = stat.slice(close + 2).split(' ');
	return state === 'Z' || state === 'X' ? null : { comm, state, ppid: Number(ppid) };
}

/** The ffmpeg/ffprobe processes whose parent is `pid`, found by reading every /proc entry. */
function mediaChildrenOf(pid: number): number[] {
	return fs
		.readdirSync('/proc')
		.filter((name) => /^\d+$/.test(name))
		.map(Number)
		.filter((candidate) => {
			const info = processInfo(candidate);
			return info !== null && info.ppid === pid && (info.comm === 'ffmpeg' || info.comm === 'ffprobe');
		});
}

/** Those of `pids` still running as ffmpeg (a reused pid running something else does not count). */
function stillRunning(pids: number[]): number[] {
	return pids.filter((pid) => {
		const info = processInfo(pid);
		return info !== null && (info.comm === 'ffmpeg' || info.comm === 'ffprobe');
	});
}

/** Waits until none of `pids` runs, for at most the survival limit; returns the survivors (none, we hope). */
async function survivorsAfterLimit(pids: number[]): Promise<number[]> {
	const deadline = Date.now() + SURVIVAL_LIMIT_MS;
	while (stillRunning(pids).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
	return stillRunning(pids);
}

function killQuietly(pids: number[]): void {
	for (const pid of pids) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// Gone.
		}
	}
}

const encodingUnderway = (row: TrackRow) =>
	row.stage === 'encoding' && row.progress > STAGE_RANGES.encoding[0] && row.progress < 0.5;

async function ffmpegsOf(workerPid: number): Promise<number[]> {
	return until(() => {
		const pids = mediaChildrenOf(workerPid);
		return pids.length > 0 ? pids : undefined;
	}, `ffmpeg children of worker ${workerPid}`);
}

describe('a worker killed with SIGKILL mid-transcode', () => {
	it('run standalone (npm run worker): its ffmpeg processes die with it', async () => {
		app = await createIngestApp();
		const registered = await upload(app, long.path);
		const worker: WorkerProcess = spawnWorker(app.dataDir);
		cleanups.push(() => worker.exited() || worker.child.kill('SIGKILL'));
		await settled(app, registered.id, encodingUnderway);
		const ffmpegs = await ffmpegsOf(worker.pid);
		cleanups.push(() => killQuietly(ffmpegs));

		const exited = once(worker.child, 'exit');
		worker.child.kill('SIGKILL');
		await exited;
		expect(await survivorsAfterLimit(ffmpegs)).toEqual([]);
	});

	it('supervised by the server: its ffmpeg processes die with it, and the next worker sweeps its temp dir', async () => {
		app = await createIngestApp();
		const registered = await upload(app, long.path);
		const supervisor: ChildProcess = spawn(
			process.execPath,
			['--import', 'tsx', 'tests/fixtures/supervise-worker.ts'],
			{
				cwd: PROJECT_ROOT,
				env: {
					...process.env,
					DATA_DIR: app.dataDir,
					SHOAL_WORKER_CONCURRENCY: '1',
					SHOAL_JOB_LEASE_SECONDS: String(TEST_LEASE_SECONDS),
					LOG_LEVEL: 'silent'
				},
				stdio: ['ignore', 'pipe', 'inherit']
			}
		);
		let output = '';
		supervisor.stdout!.on('data', (chunk) => (output += String(chunk)));
		cleanups.push(() => supervisor.kill('SIGTERM'));
		const workerPid = await until(() => {
			const match = /worker-pid (\d+)/.exec(output);
			return match ? Number(match[1]) : undefined;
		}, 'the supervised worker');
		await settled(app, registered.id, encodingUnderway);
		const ffmpegs = await ffmpegsOf(workerPid);
		cleanups.push(() => killQuietly(ffmpegs));
		const tmp = `${app.context.config.mediaDir}/.tmp`;
		const abandoned = fs.readdirSync(tmp);
		expect(abandoned.length).toBeGreaterThan(0);

		process.kill(workerPid, 'SIGKILL');
		await until(() => (processInfo(workerPid) === null ? true : undefined), 'the worker to die');
		expect(await survivorsAfterLimit(ffmpegs)).toEqual([]);

		// The supervisor restarts the worker, which removes the dead one's work at once (not an hour on),
		// and then finishes the track itself.
		const ready = await settled(app, registered.id);
		expect(ready.status).toBe('ready');
		for (const name of abandoned) expect(fs.existsSync(`${tmp}/${name}`)).toBe(false);
	});
});

describe('the supervisor’s clean-up of a dead worker’s process groups', () => {
	it('kills each ffmpeg group it was told of, and nothing that is not ffmpeg', async () => {
		// A real ffmpeg in its own process group, as the runner starts them (without the death signal).
		const ffmpeg = spawn(
			'ffmpeg',
			['-nostdin', '-v', 'error', '-re', '-f', 'lavfi', '-i', 'anullsrc', '-f', 'null', '-'],
			{
				detached: true,
				stdio: 'ignore'
			}
		);
		const sleeper = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
		cleanups.push(() => killQuietly([ffmpeg.pid!, sleeper.pid!]));
		await Promise.all([once(ffmpeg, 'spawn'), once(sleeper, 'spawn')]);
		await until(() => (processInfo(ffmpeg.pid!)?.comm === 'ffmpeg' ? true : undefined), 'ffmpeg to start');

		const exited = once(ffmpeg, 'exit');
		// The sleeper stands for a pid the worker reported that has since been reused by something else.
		expect(killMediaGroups([ffmpeg.pid!, sleeper.pid!])).toBe(1);
		const [, signal] = await exited;
		expect(signal).toBe('SIGKILL');
		expect(processInfo(sleeper.pid!)?.comm).toBe('sleep');
	});
});
