import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

/**
 * The real built server (`node --import tsx src/server/main.ts`, as the e2e tests run it) on a data
 * directory of the caller's, without the demo catalogue. `npm run build` must have run.
 */
export async function startBuiltServer(dataDir: string, port?: number) {
	if (!fs.existsSync(path.join(root, 'build', 'handler.js')))
		throw new Error('no build/: run `npm run build` first');
	const chosen = port ?? (await freePort());
	const origin = `http://localhost:${chosen}`;
	const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
		cwd: root,
		env: {
			...process.env,
			PORT: String(chosen),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			DATA_DIR: dataDir,
			SHOAL_DEMO: '0',
			LOG_LEVEL: 'warn'
		},
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
		try {
			// Any answer: with the worker off (bench:uploads) /healthz says 503, but the server is up.
			if ((await fetch(`${origin}/healthz`)).status > 0) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error('the server did not start within 60 s');
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	return {
		origin,
		pid: child.pid!,
		async stop(): Promise<void> {
			if (child.exitCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		}
	};
}
