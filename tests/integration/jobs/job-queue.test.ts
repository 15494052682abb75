import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/lib/server/clock';
import { createDb, migrateDb, type DbHandle } from '../../../src/lib/server/db';
import {
	createJobQueue,
	retryDelayMs,
	RETRY_MAX_DELAY_MS,
	WORKER_VANISHED_REASON
} from '../../../src/lib/server/jobs/job-queue';
import { createJobRepository } from '../../../src/lib/server/jobs/job-repository';
import { LeaseLostError, type JobQueue } from '../../../src/lib/server/jobs/types';
import { createHeartbeatRepository } from '../../../src/lib/server/system/heartbeat-repository';

const MIGRATIONS = path.resolve(import.meta.dirname, '../../../drizzle');
const LEASE_MS = 30_000;

let dir: string;
let clock: FakeClock;
let handles: DbHandle[];

/** A separate connection to the same SQLite file, as a second worker process would have. */
function connect(): { handle: DbHandle; queue: JobQueue } {
	const handle = createDb(path.join(dir, 'shoal.sqlite'));
	migrateDb(handle, MIGRATIONS);
	handles.push(handle);
	return { handle, queue: createJobQueue({ repo: createJobRepository(handle.db), clock }) };
}

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-jobs-'));
	clock = new FakeClock();
	handles = [];
});
afterEach(() => {
	for (const handle of handles) handle.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe('job queue on SQLite', () => {
	it('enqueue → claim → heartbeat → complete', () => {
		const { queue } = connect();
		const job = queue.enqueue('ingest', { trackId: 't1' });
		expect(queue.get(job.id)).toMatchObject({ status: 'queued', attempts: 0, maxAttempts: 3, progress: 0 });

		const claimed = queue.claim('worker-a', ['ingest'], LEASE_MS)!;
		expect(claimed).toMatchObject({ id: job.id, payload: { trackId: 't1' }, attempt: 1, token: 1 });
		expect(claimed.leaseExpiresAt).toBe(clock.now() + LEASE_MS);
		expect(queue.claim('worker-b', ['ingest'], LEASE_MS)).toBeNull();

		clock.advance(10_000);
		queue.heartbeat(job.id, claimed.token, LEASE_MS, 0.4);
		expect(queue.get(job.id)).toMatchObject({ status: 'running', progress: 0.4, leaseOwner: 'worker-a' });
		queue.heartbeat(job.id, claimed.token, LEASE_MS, 7);
		expect(queue.get(job.id)?.progress).toBe(1);

		queue.complete(job.id, claimed.token);
		expect(queue.get(job.id)).toMatchObject({ status: 'succeeded', progress: 1, finishedAt: clock.now() });
		expect(queue.claim('worker-a', ['ingest'], LEASE_MS)).toBeNull();
	});

	it('claims only the asked-for types, oldest first, and not before a delay ends', () => {
		const { queue } = connect();
		const later = queue.enqueue('ingest', { n: 0 }, { delayMs: 60_000 });
		clock.advance(1);
		const first = queue.enqueue('ingest', { n: 1 });
		clock.advance(1);
		queue.enqueue('email', { n: 2 });
		const second = queue.enqueue('ingest', { n: 3 });
		for (const expected of [first, second]) {
			const claimed = queue.claim('w', ['ingest'], LEASE_MS);
			expect(claimed?.id).toBe(expected.id);
			queue.complete(claimed!.id, claimed!.token);
		}
		expect(queue.claim('w', ['ingest'], LEASE_MS)).toBeNull();
		clock.advance(60_000);
		expect(queue.claim('w', ['ingest'], LEASE_MS)?.id).toBe(later.id);
		expect(queue.claim('w', [], LEASE_MS)).toBeNull();
	});

	it('a second claimer on another connection, arriving between the first one’s read and write, cannot take the job', () => {
		const a = connect();
		const b = connect();
		// B does not wait for the lock here (its busy wait would block this one thread): it is told at once.
		b.handle.sqlite.pragma('busy_timeout = 0');
		const job = a.queue.enqueue('ingest', {});

		// A's claim reads the job as free; right then, before A writes, B tries to claim it.
		const repoA = createJobRepository(a.handle.db);
		let during: { claimed?: unknown; error?: unknown } | undefined;
		const interleaving: typeof repoA = {
			...repoA,
			nextClaimable(types, now) {
				const row = repoA.nextClaimable(types, now);
				if (!during) {
					during = {};
					try {
						during.claimed = b.queue.claim('b', ['ingest'], LEASE_MS);
					} catch (error) {
						during.error = error;
					}
				}
				return row;
			}
		};
		const claimedByA = createJobQueue({ repo: interleaving, clock }).claim('a', ['ingest'], LEASE_MS);

		expect(during?.claimed).toBeUndefined();
		expect(during?.error).toMatchObject({ code: 'SQLITE_BUSY' });
		expect(claimedByA).toMatchObject({ id: job.id, token: 1 });
		// Once A has committed, B sees the job taken.
		expect(b.queue.claim('b', ['ingest'], LEASE_MS)).toBeNull();
		expect(a.queue.get(job.id)).toMatchObject({ status: 'running', leaseOwner: 'a' });
	});

	it('after the lease expires another worker takes over with a higher token; the first can no longer write', () => {
		const a = connect();
		const b = connect();
		const job = a.queue.enqueue('ingest', {});
		const first = a.queue.claim('a', ['ingest'], LEASE_MS)!;

		clock.advance(LEASE_MS);
		// Expired but not yet taken over (a SIGSTOPped worker waking up): still no writes.
		expect(() => a.queue.heartbeat(job.id, first.token, LEASE_MS, 0.5)).toThrow(LeaseLostError);
		expect(() => a.queue.complete(job.id, first.token)).toThrow(LeaseLostError);

		const second = b.queue.claim('b', ['ingest'], LEASE_MS)!;
		expect(second).toMatchObject({ id: job.id, attempt: 2 });
		expect(second.token).toBeGreaterThan(first.token);
		expect(b.queue.get(job.id)).toMatchObject({ leaseOwner: 'b', lastError: WORKER_VANISHED_REASON });

		expect(() => a.queue.heartbeat(job.id, first.token, LEASE_MS)).toThrow(LeaseLostError);
		expect(() => a.queue.complete(job.id, first.token)).toThrow(LeaseLostError);
		expect(() => a.queue.fail(job.id, first.token, 'late failure')).toThrow(LeaseLostError);
		expect(b.queue.get(job.id)).toMatchObject({ status: 'running', leaseOwner: 'b' });

		b.queue.complete(job.id, second.token);
		expect(a.queue.get(job.id)?.status).toBe('succeeded');
	});

	it('a vanished worker on the last attempt leaves the job dead with a reason, and claiming moves on', () => {
		const { queue } = connect();
		const job = queue.enqueue('ingest', {}, { maxAttempts: 1 });
		queue.claim('a', ['ingest'], LEASE_MS);
		clock.advance(LEASE_MS);
		const next = queue.enqueue('ingest', {});
		expect(queue.claim('b', ['ingest'], LEASE_MS)?.id).toBe(next.id);
		expect(queue.get(job.id)).toMatchObject({ status: 'dead', lastError: WORKER_VANISHED_REASON });
	});

	it('fail → retry after backoff → dead after max attempts, keeping the last reason', () => {
		const { queue } = connect();
		const job = queue.enqueue('ingest', {}, { maxAttempts: 3 });

		let claimed = queue.claim('w', ['ingest'], LEASE_MS)!;
		expect(queue.fail(job.id, claimed.token, 'ffmpeg crashed')).toEqual({
			status: 'failed',
			retryAt: clock.now() + 10_000
		});
		expect(queue.get(job.id)).toMatchObject({ status: 'failed', lastError: 'ffmpeg crashed' });
		clock.advance(9_999);
		expect(queue.claim('w', ['ingest'], LEASE_MS)).toBeNull();
		clock.advance(1);
		claimed = queue.claim('w', ['ingest'], LEASE_MS)!;
		expect(claimed.attempt).toBe(2);

		expect(queue.fail(job.id, claimed.token, 'disk full')).toMatchObject({ retryAt: clock.now() + 20_000 });
		clock.advance(20_000);
		claimed = queue.claim('w', ['ingest'], LEASE_MS)!;
		expect(claimed.attempt).toBe(3);

		expect(queue.fail(job.id, claimed.token, 'this file is longer than the 2-hour limit')).toEqual({
			status: 'dead'
		});
		expect(queue.get(job.id)).toMatchObject({
			status: 'dead',
			attempts: 3,
			lastError: 'this file is longer than the 2-hour limit',
			finishedAt: clock.now()
		});
		clock.advance(RETRY_MAX_DELAY_MS);
		expect(queue.claim('w', ['ingest'], LEASE_MS)).toBeNull();
	});

	it('a permanent failure is dead at once; reasons are trimmed and capped', () => {
		const { queue } = connect();
		const job = queue.enqueue('ingest', {});
		const claimed = queue.claim('w', ['ingest'], LEASE_MS)!;
		expect(queue.fail(job.id, claimed.token, `  ${'x'.repeat(5_000)}  `, { permanent: true })).toEqual({
			status: 'dead'
		});
		expect(queue.get(job.id)?.lastError).toHaveLength(2_000);
	});

	it('backoff doubles from 10 s and is capped', () => {
		expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([10_000, 20_000, 40_000, 80_000]);
		expect(retryDelayMs(30)).toBe(RETRY_MAX_DELAY_MS);
	});
});

describe('complete() and enqueue() share the caller’s transaction', () => {
	const beat = (workerId: string) => ({ workerId, pid: 1, hostname: 'h', startedAt: 0, beatAt: 0 });

	it('rolls the job back to running when the published writes throw, and commits both when they succeed', () => {
		const { handle, queue } = connect();
		const heartbeats = createHeartbeatRepository(handle.db);
		const job = queue.enqueue('ingest', {});
		const claimed = queue.claim('w', ['ingest'], LEASE_MS)!;

		expect(() =>
			queue.complete(job.id, claimed.token, () => {
				heartbeats.beat(beat('published-then-failed'));
				throw new Error('rename failed');
			})
		).toThrow('rename failed');
		expect(queue.get(job.id)?.status).toBe('running');
		expect(heartbeats.freshest()).toBeUndefined();

		// The caller's own nested transaction becomes a savepoint inside ours.
		queue.complete(job.id, claimed.token, () =>
			handle.db.transaction(() => heartbeats.beat(beat('published')))
		);
		expect(queue.get(job.id)?.status).toBe('succeeded');
		expect(heartbeats.freshest()?.workerId).toBe('published');
	});

	it('refuses an async publish (its writes would land after COMMIT) and rolls back', async () => {
		const { handle, queue } = connect();
		const heartbeats = createHeartbeatRepository(handle.db);
		const job = queue.enqueue('ingest', {});
		const claimed = queue.claim('w', ['ingest'], LEASE_MS)!;
		expect(() =>
			queue.complete(job.id, claimed.token, async () => heartbeats.beat(beat('too late')))
		).toThrow(TypeError);
		expect(queue.get(job.id)?.status).toBe('running');
	});

	it('the publish callback never runs for a worker that lost its lease', () => {
		const { queue } = connect();
		const job = queue.enqueue('ingest', {});
		const claimed = queue.claim('w', ['ingest'], LEASE_MS)!;
		clock.advance(LEASE_MS + 1);
		let ran = false;
		expect(() => queue.complete(job.id, claimed.token, () => (ran = true))).toThrow(LeaseLostError);
		expect(ran).toBe(false);
	});

	it('a job enqueued inside a transaction that rolls back never existed', () => {
		const { handle, queue } = connect();
		let jobId = '';
		expect(() =>
			handle.db.transaction(
				() => {
					jobId = queue.enqueue('ingest', { trackId: 't9' }).id;
					throw new Error('track insert failed');
				},
				{ behavior: 'immediate' }
			)
		).toThrow('track insert failed');
		expect(queue.get(jobId)).toBeUndefined();
		expect(queue.claim('w', ['ingest'], LEASE_MS)).toBeNull();
	});
});
