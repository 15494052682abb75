import os from 'node:os';
import { ConfigError, loadConfig } from '../src/lib/server/config';
import { createDb, migrateDb } from '../src/lib/server/db';
import { newId } from '../src/lib/server/ids';
import { createLogger } from '../src/lib/server/logger';
import { createHeartbeatRepository } from '../src/lib/server/system/heartbeat-repository';

/**
 * The media worker: a separate process so heavy media work never blocks the web server.
 * For now it only reports a heartbeat; the ingest issue gives it jobs to claim.
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

beat();
const timer = setInterval(() => {
	// Belt and braces beside the IPC 'disconnect': an orphaned worker is re-parented, so its ppid changes.
	if (supervisorPid !== undefined && process.ppid !== supervisorPid) stop('server went away');
	else beat();
}, HEARTBEAT_INTERVAL_MS);
logger.info({ workerId }, 'media worker ready');

let stopping = false;
function stop(reason: string): void {
	if (stopping) return;
	stopping = true;
	clearInterval(timer);
	handle.close();
	logger.info({ reason }, 'media worker stopped');
	process.exit(0);
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
// Supervised by the server over IPC: if the server goes away, so do we.
process.on('disconnect', () => stop('server went away'));
