import type { Logger } from '../../src/lib/server/logger';
import { isLeaseLostError, type ClaimedJob, type JobQueue } from '../../src/lib/server/jobs/types';
import { abortCause, type JobContext, type JobHandler } from './job-handler';
import { describeFailure, type JobFailure } from './job-failure';

export const DEFAULT_POLL_MS = 1_000;
/** Heartbeats stay well inside the lease (three per lease) but need not be chattier than this. */
const MAX_HEARTBEAT_MS = 5_000;
/** The supervisor sends SIGKILL 10 s after SIGTERM; recording the failures must fit before that. */
export const DEFAULT_STOP_GRACE_MS = 8_000;

/**
 * Stopping counts as a failed attempt that will be retried: the queue has no way to hand a job back
 * without counting it, and failing now (rather than letting the lease lapse) shows the artist what
 * happened at once and lets the retry start after the short backoff instead of a whole lease later.
 */
export const SHUTDOWN_FAILURE: JobFailure = {
	reason: 'Processing was interrupted because the server was restarting. It starts again by itself.',
	detail: 'The media worker was stopped (SIGTERM or SIGINT) while this job ran.',
	permanent: false
};

export interface WorkerLoopOptions {
	jobs: JobQueue;
	handlers: readonly JobHandler[];
	workerId: string;
	concurrency: number;
	leaseMs: number;
	logger: Logger;
	pollMs?: number;
	/** Runs once per loop turn, e.g. throttled housekeeping; its errors are logged and ignored. */
	onTurn?: () => void;
}

export interface WorkerLoop {
	/** Resolves when the loop has stopped (after `stop`). */
	readonly finished: Promise<void>;
	readonly activeJobs: number;
	readonly stopped: boolean;
	/** Stops claiming, aborts running jobs (recording a retryable failure) and waits for them. */
	stop(graceMs?: number): Promise<void>;
}

/**
 * Claims jobs for the given handlers, up to `concurrency` at once, and keeps each one's lease alive
 * with heartbeats that carry its progress. A heartbeat that finds the lease gone aborts the job (its
 * ffmpeg is killed, its output discarded). A job that throws is failed with a readable reason; nothing
 * a job does can stop the loop.
 */
export function startWorkerLoop(options: WorkerLoopOptions): WorkerLoop {
	const { jobs, workerId, concurrency, leaseMs, logger } = options;
	const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
	const heartbeatMs = Math.max(100, Math.min(MAX_HEARTBEAT_MS, Math.floor(leaseMs / 3)));
	const handlers = new Map(options.handlers.map((handler) => [handler.type, handler]));
	const types = [...handlers.keys()];
	const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
	let stopping = false;
	let wake: (() => void) | null = null;

	function sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const done = () => {
				clearTimeout(timer);
				wake = null;
				resolve();
			};
			const timer = setTimeout(done, ms);
			wake = done;
		});
	}

	async function loop(): Promise<void> {
		while (!stopping) {
			try {
				options.onTurn?.();
			} catch (error) {
				logger.error({ err: error }, 'worker housekeeping failed');
			}
			if (running.size >= concurrency) {
				await sleep(pollMs);
				continue;
			}
			let job: ClaimedJob | null = null;
			try {
				job = jobs.claim(workerId, types, leaseMs);
			} catch (error) {
				// A locked or briefly unavailable database: try again on the next turn.
				logger.error({ err: error }, 'could not claim a job');
			}
			if (job) start(job);
			else await sleep(pollMs);
		}
	}

	function start(job: ClaimedJob): void {
		const handler = handlers.get(job.type)!;
		const controller = new AbortController();
		const jobLogger = logger.child({ jobId: job.id, type: job.type, attempt: job.attempt });
		let progress = 0;
		const context: JobContext = {
			job,
			signal: controller.signal,
			reportProgress: (fraction) => (progress = fraction),
			logger: jobLogger
		};
		const heartbeat = setInterval(() => {
			try {
				jobs.heartbeat(job.id, job.token, leaseMs, progress);
			} catch (error) {
				if (!isLeaseLostError(error)) return jobLogger.warn({ err: error }, 'heartbeat failed; trying again');
				clearInterval(heartbeat);
				jobLogger.warn('lost the lease (another worker may own the job now); stopping this attempt');
				controller.abort('lease-lost');
			}
		}, heartbeatMs);
		jobLogger.info('job claimed');
		const done = execute(handler, context).finally(() => {
			clearInterval(heartbeat);
			running.delete(job.id);
			wake?.();
		});
		running.set(job.id, { controller, done });
	}

	async function execute(handler: JobHandler, context: JobContext): Promise<void> {
		const { job, signal, logger: jobLogger } = context;
		try {
			await handler.run(context);
			jobLogger.info('job done');
		} catch (error) {
			if (abortCause(signal) === 'lease-lost' || isLeaseLostError(error)) {
				jobLogger.warn({ err: error }, 'this attempt no longer holds the lease; its output was discarded');
				return;
			}
			const failure =
				abortCause(signal) === 'shutdown' ? SHUTDOWN_FAILURE : describeFailure(error, handler.subject);
			try {
				const outcome = handler.fail(job, failure);
				jobLogger[failure.permanent ? 'info' : 'warn'](
					{ err: error, reason: failure.reason, detail: failure.detail, outcome: outcome.status },
					'job failed'
				);
			} catch (failError) {
				// Lease lost meanwhile, or the database refused: the lease lapses and the job is retried.
				jobLogger.error({ err: failError, reason: failure.reason }, 'could not record the failure');
			}
		}
	}

	const finished = loop().catch((error: unknown) => logger.fatal({ err: error }, 'the job loop crashed'));

	return {
		finished,
		get activeJobs() {
			return running.size;
		},
		get stopped() {
			return stopping;
		},
		async stop(graceMs = DEFAULT_STOP_GRACE_MS) {
			stopping = true;
			wake?.();
			const active = [...running.values()];
			for (const { controller } of active) controller.abort('shutdown');
			let timer: NodeJS.Timeout | undefined;
			const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
			await Promise.race([Promise.allSettled(active.map((entry) => entry.done)), grace]);
			clearTimeout(timer);
			await finished;
		}
	};
}
