import { desc } from 'drizzle-orm';
import type { ShoalDb } from '../db';
import { workerHeartbeats } from '../db/schema';

export type HeartbeatRow = typeof workerHeartbeats.$inferSelect;

export function createHeartbeatRepository(db: ShoalDb) {
	return {
		beat(row: HeartbeatRow): void {
			db.insert(workerHeartbeats)
				.values(row)
				.onConflictDoUpdate({ target: workerHeartbeats.workerId, set: { beatAt: row.beatAt, pid: row.pid } })
				.run();
		},
		freshest(): HeartbeatRow | undefined {
			return db.select().from(workerHeartbeats).orderBy(desc(workerHeartbeats.beatAt)).limit(1).get();
		}
	};
}

export type HeartbeatRepository = ReturnType<typeof createHeartbeatRepository>;
