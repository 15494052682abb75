import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

/**
 * End-to-end tests run against the BUILT production server (`tsx src/server/main.ts`, the same entry
 * as `npm start`) on a temporary DATA_DIR, in Debian's Chromium.
 */
const PORT = Number(process.env.SHOAL_E2E_PORT ?? 4387);
export const E2E_ORIGIN = `http://localhost:${PORT}`;
// Evaluated in the runner and in each worker: the runner picks the directory, workers inherit it.
process.env.SHOAL_E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-e2e-'));

export default defineConfig({
	testDir: './e2e',
	outputDir: '../test-results',
	// A committed `.only` would silently skip the rest of the suite: refuse it, locally too.
	forbidOnly: true,
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	reporter: process.env.SHOAL_E2E_JSON
		? [['list'], ['json', { outputFile: process.env.SHOAL_E2E_JSON }]]
		: [['list']],
	use: {
		baseURL: E2E_ORIGIN,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure'
	},
	projects: [
		{
			name: 'chromium',
			use: {
				...devices['Desktop Chrome'],
				launchOptions: {
					executablePath: CHROMIUM_PATH,
					args: CHROMIUM_ARGS
				}
			}
		}
	],
	webServer: {
		command: 'node --import tsx src/server/main.ts',
		cwd: '..',
		url: `${E2E_ORIGIN}/healthz`,
		timeout: 120_000,
		reuseExistingServer: false,
		stdout: 'ignore',
		stderr: 'pipe',
		env: {
			PORT: String(PORT),
			HOST: '127.0.0.1',
			ORIGIN: E2E_ORIGIN,
			DATA_DIR: process.env.SHOAL_E2E_DATA_DIR,
			SHOAL_DEMO: '0',
			// Every test signs up from 127.0.0.1: more mailed links an hour than one real address needs.
			SHOAL_MAIL_PER_IP_PER_HOUR: '10000',
			LOG_LEVEL: 'warn'
		}
	}
});
