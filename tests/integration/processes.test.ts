import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/server/logger';
import { startWorkerSupervisor, type WorkerSupervisor } from '../../src/server/worker-supervisor';
import { PROJECT_ROOT, tempDir } from '../helpers/app-context';
import { alive, until } from '../helpers/processes';
import { createDb } from '../../src/lib/server/db';
import { createHeartbeatRepository } from '../../src/lib/server/system/heartbeat-repository';

const TSX = path.join(PROJECT_ROOT, 'node_modules/tsx/dist/cli.mjs');

function runScript(script: string, env: Record<string, string>) {
	return spawnSync(process.execPath, [TSX, script], {
		cwd: PROJECT_ROOT,
		env: { ...process.env, ...env },
		encoding: 'utf8',
		timeout: 60_000
	});
}

describe('invalid configuration', () => {
	it.each(['src/server/main.ts', 'media-worker/main.ts'])(
		'%s refuses to start with one clear line',
		(script) => {
			const result = runScript(script, { PORT: 'abc', DATA_DIR: tempDir() });
			expect(result.status).toBe(2);
			const lines = result.stderr.trim().split('\n');
			expect(lines).toEqual([
				'Invalid configuration: PORT must be a whole number between 1 and 65535 (got "abc")'
			]);
		}
	);

	it('npm start refuses a bad ORIGIN before building anything', () => {
		const result = runScript('src/server/start.ts', { ORIGIN: 'not a url', DATA_DIR: tempDir() });
		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(/^Invalid configuration: ORIGIN must be the public address/);
	});
});

describe('media worker supervision', () => {
	let supervisor: WorkerSupervisor | undefined;
	afterEach(async () => {
		await supervisor?.stop();
	});

	it('starts the worker, which beats; restarts it after a crash; stops it on request', async () => {
		const dataDir = tempDir();
		const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
		supervisor = startWorkerSupervisor({
			logger: createLogger({ logLevel: 'silent', logFormat: 'json' }),
			env
		});
		const firstPid = await until(() => supervisor!.pid, 'the worker to start');

		const db = createDb(path.join(dataDir, 'shoal.sqlite'));
		await until(() => {
			try {
				return createHeartbeatRepository(db.db).freshest();
			} catch {
				return undefined; // tables appear once the worker has migrated
			}
		}, 'a heartbeat');

		process.kill(firstPid, 'SIGKILL');
		const secondPid = await until(() => {
			const pid = supervisor!.pid;
			return pid && pid !== firstPid ? pid : undefined;
		}, 'the restarted worker');
		expect(alive(secondPid)).toBe(true);

		await supervisor.stop();
		expect(alive(secondPid)).toBe(false);
		db.close();
		fs.rmSync(dataDir, { recursive: true, force: true });
	});

	it('the worker stops when its supervisor goes away', async () => {
		const dataDir = tempDir();
		const parent = spawn(process.execPath, ['--import', 'tsx', 'tests/fixtures/supervise-worker.ts'], {
			cwd: PROJECT_ROOT,
			env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
			stdio: ['ignore', 'pipe', 'inherit']
		});
		let output = '';
		parent.stdout.on('data', (chunk) => (output += String(chunk)));
		const workerPid = await until(() => {
			const match = /worker-pid (\d+)/.exec(output);
			return match ? Number(match[1]) : undefined;
		}, 'the supervised worker');
		expect(alive(workerPid)).toBe(true);
		parent.kill('SIGKILL');
		await until(() => (alive(workerPid) ? undefined : true), 'the orphaned worker to stop');
		fs.rmSync(dataDir, { recursive: true, force: true });
	});
});
