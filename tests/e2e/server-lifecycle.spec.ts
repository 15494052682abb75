import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { io as connect } from 'socket.io-client';

// A second, private server process for the tests that stop or starve it.
// Beside the shared e2e server's port, so parallel runs with their own SHOAL_E2E_PORT never collide.
const PORT = Number(process.env.SHOAL_E2E_PORT ?? 4387) + 1;
const ORIGIN = `http://localhost:${PORT}`;

function startServer(env: Record<string, string>): {
	child: ChildProcess;
	dataDir: string;
	output: () => string;
} {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-lifecycle-'));
	let output = '';
	const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
		cwd: path.resolve(import.meta.dirname, '../..'),
		env: {
			...process.env,
			PORT: String(PORT),
			ORIGIN,
			DATA_DIR: dataDir,
			LOG_LEVEL: 'info',
			LOG_FORMAT: 'json',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout?.on('data', (d) => (output += d));
	child.stderr?.on('data', (d) => (output += d));
	return { child, dataDir, output: () => output };
}

async function waitForHealthz(): Promise<Response> {
	for (let i = 0; i < 300; i++) {
		try {
			return await fetch(`${ORIGIN}/healthz`);
		} catch {
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	throw new Error('server did not come up');
}

function exitOf(child: ChildProcess): Promise<number | null> {
	return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

test('healthz answers 503 when no worker heartbeat is fresh', async () => {
	const server = startServer({ SHOAL_WORKER: 'off' });
	try {
		const response = await waitForHealthz();
		expect(response.status).toBe(503);
		expect(await response.json()).toMatchObject({
			status: 'unhealthy',
			worker: { ok: false, heartbeatAgeSeconds: null }
		});
	} finally {
		server.child.kill('SIGKILL');
	}
});

test('SIGTERM closes sockets, stops the worker and exits cleanly', async () => {
	const server = startServer({});
	await expect.poll(async () => (await waitForHealthz()).status, { timeout: 30_000 }).toBe(200);
	const workerPid = Number(/"workerId":"[^:]+:(\d+):/.exec(server.output())?.[1]);
	expect(workerPid).toBeGreaterThan(0);

	const socket = connect(ORIGIN, {
		transports: ['websocket'],
		extraHeaders: { origin: ORIGIN },
		reconnection: false
	});
	await new Promise<void>((resolve) => socket.once('session:identity', () => resolve()));
	const disconnected = new Promise<string>((resolve) =>
		socket.once('disconnect', (reason) => resolve(reason))
	);

	const exited = exitOf(server.child);
	server.child.kill('SIGTERM');
	// The server closes the socket during shutdown (a client-side "transport close" can win the race).
	expect(['io server disconnect', 'transport close']).toContain(await disconnected);
	expect(await exited).toBe(0);
	// ESRCH: no such process (not EPERM, which would mean it still exists).
	expect(() => process.kill(workerPid, 0)).toThrow(/ESRCH/);
	expect(server.output()).toContain('shutting down');
	await expect(fetch(`${ORIGIN}/healthz`)).rejects.toThrow();
	fs.rmSync(server.dataDir, { recursive: true, force: true });
});
