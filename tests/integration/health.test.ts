import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app-context';

let app: TestApp;
beforeEach(() => {
	app = createTestApp({ SHOAL_WORKER_STALE_SECONDS: '30' });
});
afterEach(() => app.cleanup());

function beat() {
	const now = app.clock.now();
	app.context.repositories.heartbeats.beat({
		workerId: 'test-worker',
		pid: 1,
		hostname: 'test',
		startedAt: now,
		beatAt: now
	});
}

describe('health', () => {
	it('is unhealthy before any worker has reported', () => {
		const report = app.context.health.check();
		expect(report.status).toBe('unhealthy');
		expect(report.worker).toMatchObject({ ok: false, heartbeatAgeSeconds: null });
		expect(report.database.ok).toBe(true);
	});

	it('is healthy with a fresh heartbeat, database and free disk', () => {
		beat();
		app.clock.advance(10_000);
		const report = app.context.health.check();
		expect(report).toMatchObject({
			status: 'ok',
			worker: { ok: true, heartbeatAgeSeconds: 10 },
			disk: { ok: true }
		});
		expect(report.disk.freeBytes).toBeGreaterThan(0);
	});

	it('turns unhealthy when the worker heartbeat goes stale', () => {
		beat();
		app.clock.advance(31_000);
		expect(app.context.health.check()).toMatchObject({
			status: 'unhealthy',
			worker: { ok: false, heartbeatAgeSeconds: 31 }
		});
		beat();
		expect(app.context.health.check().status).toBe('ok');
	});

	it('turns unhealthy when free disk is below the minimum', () => {
		app.cleanup();
		app = createTestApp({ SHOAL_MIN_FREE_DISK_MB: String(1024 * 1024 * 1024) });
		beat();
		expect(app.context.health.check()).toMatchObject({ status: 'unhealthy', disk: { ok: false } });
	});

	it('turns unhealthy when the database is gone', () => {
		beat();
		app.context.dbHandle.close();
		expect(app.context.health.check()).toMatchObject({ status: 'unhealthy', database: { ok: false } });
	});
});
