import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { ShoalDb } from '../db';
import type { HeartbeatRepository } from './heartbeat-repository';

export interface HealthReport {
	status: 'ok' | 'unhealthy';
	database: { ok: boolean; error?: string };
	worker: { ok: boolean; heartbeatAgeSeconds: number | null; supervised: boolean };
	disk: { ok: boolean; freeBytes: number | null; minimumFreeBytes: number };
}

export function createHealthService(deps: {
	db: ShoalDb;
	heartbeats: HeartbeatRepository;
	clock: Clock;
	dataDir: string;
	workerStaleSeconds: number;
	minFreeDiskMb: number;
	workerSupervised: boolean;
}) {
	return {
		check(): HealthReport {
			let database: HealthReport['database'];
			let heartbeatAgeSeconds: number | null = null;
			try {
				deps.db.get(sql`select 1`);
				database = { ok: true };
				const beat = deps.heartbeats.freshest();
				if (beat) heartbeatAgeSeconds = Math.max(0, Math.round((deps.clock.now() - beat.beatAt) / 1000));
			} catch (error) {
				database = { ok: false, error: (error as Error).message };
			}
			const workerOk = heartbeatAgeSeconds !== null && heartbeatAgeSeconds <= deps.workerStaleSeconds;

			const minimumFreeBytes = deps.minFreeDiskMb * 1024 * 1024;
			let freeBytes: number | null = null;
			try {
				const stats = fs.statfsSync(deps.dataDir);
				freeBytes = stats.bavail * stats.bsize;
			} catch {
				// unknown free space counts as unhealthy below
			}
			const diskOk = freeBytes !== null && freeBytes >= minimumFreeBytes;

			return {
				status: database.ok && workerOk && diskOk ? 'ok' : 'unhealthy',
				database,
				worker: { ok: workerOk, heartbeatAgeSeconds, supervised: deps.workerSupervised },
				disk: { ok: diskOk, freeBytes, minimumFreeBytes }
			};
		}
	};
}

export type HealthService = ReturnType<typeof createHealthService>;
