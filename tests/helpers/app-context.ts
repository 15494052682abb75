import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeClock } from '../../src/lib/server/clock';
import { loadConfig } from '../../src/lib/server/config';
import { createAppContext, type AppContext } from '../../src/lib/server/context';
import { createLogger } from '../../src/lib/server/logger';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');

export function tempDir(prefix = 'shoal-test-'): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestApp {
	context: AppContext;
	clock: FakeClock;
	dataDir: string;
	cleanup(): void;
}

/** A real Shoal context on a real SQLite file in a fresh temp DATA_DIR, with a clock the test moves. */
export function createTestApp(env: Record<string, string> = {}): TestApp {
	const dataDir = tempDir();
	const config = loadConfig({ DATA_DIR: dataDir, ORIGIN: 'http://localhost:3999', ...env }, PROJECT_ROOT);
	const clock = new FakeClock();
	const context = createAppContext(config, {
		clock,
		logger: createLogger({ logLevel: 'silent', logFormat: 'json' })
	});
	return {
		context,
		clock,
		dataDir,
		cleanup() {
			context.close();
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

let counter = 0;
/** A unique, valid sign-up for each call. */
export function newPerson(overrides: Partial<{ displayName: string; email: string; password: string }> = {}) {
	counter++;
	return {
		displayName: `Listener ${counter}`,
		email: `person${counter}-${Date.now()}@example.org`,
		password: 'tidal pools at dusk',
		...overrides
	};
}
