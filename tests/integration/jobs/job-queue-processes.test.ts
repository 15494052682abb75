import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/lib/server/clock';
import { createDb, migrateDb, type DbHandle } from '../../../src/lib/server/db';
import { createJobQueue } from '../../../src/lib/server/jobs/job-queue';
import { createJobRepository } from '../../../src/lib/server/jobs/job-repository';
import type { ClaimedJob, JobQueue } from '../../../src/lib/server/jobs/types';

/**
 * Real worker processes on one SQLite file. Only outcomes are asserted (who got which job, which
 * token), never how long anything took: the short lease only keeps the test quick.
 */

const PROJECT_ROOT = path.resolve(import.meta.dirname, '../../..');
const CLAIMER = path.join(import.meta.dirname, 'claimer.ts');
const LEASE_MS = 300;
/** A guard against hanging forever if something is broken, not a performance expectation. */
const GIVE_UP_MS = 20_000;

let dir: string;
let dbFile: string;
let handle: DbHandle;
let queue: JobQueue;
let children: ChildProcess[];

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-jobs-proc-'));
	dbFile = path.join(dir, 'shoal.sqlite');
	handle = createDb(dbFile);
	migrateDb(handle, path.join(PROJECT_ROOT, 'drizzle'));
	queue = createJobQueue({ repo: createJobRepository(handle.db), clock: systemClock });
	children = [];
});

afterEach(() => {
	for (const child of children)
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	handle.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

interface Claimer {
	child: ChildProcess;
	/** Resolves with the next line the claimer prints; rejects if it exits first. */
	nextLine(): Promise<string>;
}

function startClaimer(...args: string[]): Claimer {
	const child = spawn(process.execPath, ['--import', 'tsx', CLAIMER, dbFile, ...args], {
		cwd: PROJECT_ROOT,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.push(child);
	let buffered = '';
	let stderr = '';
	const lines: string[] = [];
	let wake = () => {};
	child.stderr!.on('data', (chunk) => (stderr += chunk));
	child.stdout!.on('data', (chunk) => {
		buffered += chunk;
		for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
			lines.push(buffered.slice(0, end));
			buffered = buffered.slice(end + 1);
		}
		wake();
	});
	child.on('exit', () => wake());
	return {
		child,
		async nextLine() {
			while (lines.length === 0) {
				if (child.exitCode !== null || child.signalCode !== null) {
					throw new Error(`claimer exited (${child.exitCode ?? child.signalCode}): ${stderr}`);
				}
				await new Promise<void>((resolve) => (wake = resolve));
			}
			return lines.shift()!;
		}
	};
}

function exited(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function pollClaim(workerId: string): Promise<ClaimedJob> {
	const started = Date.now();
	for (;;) {
		const job = queue.claim(workerId, ['ingest'], LEASE_MS);
		if (job) return job;
		if (Date.now() - started > GIVE_UP_MS) throw new Error('no job became claimable');
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

describe('job queue across real processes', () => {
	it('a worker killed with SIGKILL mid-job loses it: another claims it with a higher token and completes it', async () => {
		const job = queue.enqueue('ingest', { trackId: 't1' });
		const { child, nextLine } = startClaimer('hold', String(LEASE_MS));
		const held = JSON.parse(await nextLine()) as { id: string; token: number };
		expect(held.id).toBe(job.id);

		child.kill('SIGKILL');
		await exited(child);
		expect(child.signalCode).toBe('SIGKILL');

		const reclaimed = await pollClaim('survivor');
		expect(reclaimed).toMatchObject({ id: job.id, attempt: 2 });
		expect(reclaimed.token).toBeGreaterThan(held.token);
		// The dead worker's token is worthless now, whatever it might have been about to write.
		expect(() => queue.complete(job.id, held.token)).toThrow(/lost the lease/);
		queue.complete(job.id, reclaimed.token);
		expect(queue.get(job.id)).toMatchObject({ status: 'succeeded', attempts: 2, leaseOwner: 'survivor' });
	});

	it.each([1, 30])(
		'three processes racing over %i job(s): each job is claimed exactly once',
		async (count) => {
			const ids = Array.from({ length: count }, (_, i) => queue.enqueue('ingest', { n: i }).id);
			const startFile = path.join(dir, 'go');
			const racers = [1, 2, 3].map(() => startClaimer('drain', startFile));
			for (const racer of racers) expect(await racer.nextLine()).toBe('ready');
			fs.writeFileSync(startFile, '');

			const claimedPerRacer = await Promise.all(
				racers.map(async ({ nextLine }) => JSON.parse(await nextLine()))
			);
			const claimed = (claimedPerRacer as string[][]).flat();
			expect(claimed.sort()).toEqual([...ids].sort());
			for (const id of ids) expect(queue.get(id)).toMatchObject({ status: 'succeeded', attempts: 1 });
		}
	);
});
