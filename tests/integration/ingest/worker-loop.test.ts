import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobContext, JobHandler } from '../../../media-worker/ingest/job-handler';
import { UNEXPECTED_FAILURE } from '../../../media-worker/ingest/job-failure';
import { SHUTDOWN_FAILURE, startWorkerLoop, type WorkerLoop } from '../../../media-worker/ingest/worker-loop';
import { WORKER_VANISHED_REASON } from '../../../src/lib/server/jobs/job-queue';
import { createLogger } from '../../../src/lib/server/logger';
import { createTestApp, type TestApp } from '../../helpers/app-context';
import { until } from '../../helpers/processes';
import { OUTCOME_TIMEOUT_MS, TEST_TIMEOUT_MS } from './fixtures';

vi.setConfig({ testTimeout: TEST_TIMEOUT_MS, hookTimeout: OUTCOME_TIMEOUT_MS });

/** The loop with stand-in handlers on a real queue (SQLite file, the test's clock). */

const LEASE_MS = 300;
let app: TestApp;
let loop: WorkerLoop | undefined;
let turns = 0;

beforeEach(() => {
	app = createTestApp();
	turns = 0;
});
afterEach(async () => {
	await loop?.stop();
	loop = undefined;
	app.cleanup();
});

function start(handlers: JobHandler[], concurrency = 1): WorkerLoop {
	loop = startWorkerLoop({
		jobs: app.context.jobs,
		handlers,
		workerId: 'loop-test',
		concurrency,
		leaseMs: LEASE_MS,
		logger: createLogger({ logLevel: 'silent', logFormat: 'json' }),
		pollMs: 10,
		onTurn: () => turns++
	});
	return loop;
}

/** A handler whose jobs run until the test releases them, or until their signal aborts. */
function heldHandler(type: string) {
	const started: JobContext[] = [];
	let release = () => {};
	const released = new Promise<void>((resolve) => (release = resolve));
	const handler: JobHandler = {
		type,
		subject: 'file',
		async run(context) {
			started.push(context);
			await Promise.race([
				released,
				new Promise((_, reject) =>
					context.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true })
				)
			]);
			app.context.jobs.complete(context.job.id, context.job.token);
		},
		fail: (job, failure) => app.context.jobs.fail(job.id, job.token, failure.reason, failure)
	};
	return { handler, started, release };
}

function job(id: string) {
	return app.context.jobs.get(id)!;
}

describe('the job loop', () => {
	it('fails a job that throws unexpectedly, readably, and goes on with the next', async () => {
		const broken: JobHandler = {
			type: 'broken',
			subject: 'file',
			run: async () => {
				throw new TypeError('cannot read properties of undefined');
			},
			fail: (claimed, failure) => app.context.jobs.fail(claimed.id, claimed.token, failure.reason, failure)
		};
		const fine = heldHandler('fine');
		fine.release();
		const bad = app.context.jobs.enqueue('broken', {});
		const good = app.context.jobs.enqueue('fine', {});
		start([broken, fine.handler]);

		await until(() => (job(good.id).status === 'succeeded' ? true : undefined), 'the good job');
		expect(job(bad.id)).toMatchObject({
			status: 'failed',
			lastError: UNEXPECTED_FAILURE
		});
		expect(loop!.stopped).toBe(false);
	});

	it('runs at most `concurrency` jobs at once', async () => {
		const held = heldHandler('held');
		const ids = [1, 2, 3].map(() => app.context.jobs.enqueue('held', {}).id);
		start([held.handler], 2);

		await until(() => (held.started.length === 2 ? true : undefined), 'two jobs to start');
		const seen = turns;
		await until(() => (turns >= seen + 5 ? true : undefined), 'a few more loop turns');
		expect(held.started).toHaveLength(2);
		expect(job(ids[2]).status).toBe('queued');

		held.release();
		await until(() => (ids.every((id) => job(id).status === 'succeeded') ? true : undefined), 'all jobs');
	});

	it('aborts a job whose lease was taken over, and records nothing for it', async () => {
		const held = heldHandler('held');
		const { id } = app.context.jobs.enqueue('held', {});
		start([held.handler]);
		await until(() => held.started[0], 'the job to start');

		app.clock.advance(LEASE_MS + 1);
		const thief = app.context.jobs.claim('other-worker', ['held'], 60_000)!;
		await until(() => (held.started[0].signal.aborted ? true : undefined), 'the abort');
		expect(held.started[0].signal.reason).toBe('lease-lost');
		await until(() => (loop!.activeJobs === 0 ? true : undefined), 'the attempt to end');
		// The thief's claim noted the vanished attempt; the aborted worker wrote nothing over it.
		expect(job(id)).toMatchObject({
			status: 'running',
			leaseOwner: 'other-worker',
			lastError: WORKER_VANISHED_REASON
		});
		expect(thief.token).toBe(held.started[0].job.token + 1);
	});

	it('on stop, aborts running jobs and records a retryable failure', async () => {
		const held = heldHandler('held');
		const { id } = app.context.jobs.enqueue('held', {});
		start([held.handler]);
		await until(() => held.started[0], 'the job to start');

		await loop!.stop();
		expect(held.started[0].signal.reason).toBe('shutdown');
		expect(job(id)).toMatchObject({ status: 'failed', lastError: SHUTDOWN_FAILURE.reason, attempts: 1 });
	});
});
