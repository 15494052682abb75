import os from 'node:os';
import { ConfigError, loadConfig } from '../src/lib/server/config';
import { createDb, migrateDb } from '../src/lib/server/db';
import { newId } from '../src/lib/server/ids';
import { createLogger } from '../src/lib/server/logger';
import { createHeartbeatRepository } from '../src/lib/server/system/heartbeat-repository';
import { watchMediaChildren } from './ffmpeg/runner';
import { startIngestWorker } from './ingest/ingest-worker';
import { MEDIA_CHILD_MESSAGE } from '../src/server/worker-messages';

/**
 * The media worker: a separate process so heavy media work never blocks the web server. It reports a
 * heartbeat, and claims and runs ingest and cover jobs (media-worker/ingest).
 */
export const HEARTBEAT_INTERVAL_MS = 5_000;

let config;
try {
	config = loadConfig(process.env);
} catch (error) {
	if (error instanceof ConfigError) {
		console.error(error.message);
		process.exit(2);
	}
	throw error;
}

const logger = createLogger(config, 'media-worker');
const handle = createDb(config.databasePath);
migrateDb(handle);
const heartbeats = createHeartbeatRepository(handle.db);
const workerId = `${os.hostname()}:${process.pid}:${newId(6)}`;
const startedAt = Date.now();

function beat(): void {
	try {
		heartbeats.beat({ workerId, pid: process.pid, hostname: os.hostname(), startedAt, beatAt: Date.now() });
	} catch (error) {
		logger.error({ err: error }, 'could not write the worker heartbeat');
	}
}

// Set by the server's supervisor; passed explicitly because the worker may boot after its parent died.
const supervisorPid = process.env.SHOAL_SUPERVISOR_PID ? Number(process.env.SHOAL_SUPERVISOR_PID) : undefined;
if (supervisorPid !== undefined && (process.ppid !== supervisorPid || !process.connected)) {
	console.error('media worker: the server that started it is gone; exiting');
	process.exit(0);
}

// The supervisor kills the process groups of a worker that died (see runner.ts's header).
if (process.send) {
	watchMediaChildren(({ pid, running }) => {
		if (process.connected) process.send!({ type: MEDIA_CHILD_MESSAGE, pid, running });
	});
}

beat();
const timer = setInterval(() => {
	// Belt and braces beside the IPC 'disconnect': an orphaned worker is re-parented, so its ppid changes.
	if (supervisorPid !== undefined && process.ppid !== supervisorPid) void stop('server went away');
	else beat();
}, HEARTBEAT_INTERVAL_MS);

const loopStarted = startIngestWorker({ config, db: handle.db, logger, workerId });
loopStarted.then(
	() => logger.info({ workerId, concurrency: config.workerConcurrency }, 'media worker ready'),
	(error: unknown) => {
		logger.fatal({ err: error }, 'the media worker could not start');
		process.exit(1);
	}
);
// Every job's errors are caught where they happen; anything that still slips through is logged, and the
// worker carries on rather than dropping the other jobs it is running.
process.on('unhandledRejection', (error) => logger.error({ err: error }, 'unhandled rejection'));

let stopping = false;
async function stop(reason: string): Promise<void> {
	if (stopping) return;
	stopping = true;
	clearInterval(timer);
	logger.info({ reason }, 'media worker stopping');
	// Running jobs are aborted and recorded as retryable failures before the database closes.
	const loop = await loopStarted.catch(() => undefined);
	await loop?.stop();
	handle.close();
	logger.info({ reason }, 'media worker stopped');
	process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
// Supervised by the server over IPC: if the server goes away, so do we.
process.on('disconnect', () => void stop('server went away'));
