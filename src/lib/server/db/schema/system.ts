import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Each media worker process writes its heartbeat here; /healthz reads the freshest one. */
export const workerHeartbeats = sqliteTable('worker_heartbeats', {
	workerId: text('worker_id').primaryKey(),
	pid: integer('pid').notNull(),
	hostname: text('hostname').notNull(),
	startedAt: integer('started_at').notNull(),
	beatAt: integer('beat_at').notNull()
});

/** Small facts Shoal keeps about itself (e.g. that the demo catalogue was seeded). */
export const settings = sqliteTable('settings', {
	key: text('key').primaryKey(),
	value: text('value').notNull(),
	updatedAt: integer('updated_at').notNull()
});
