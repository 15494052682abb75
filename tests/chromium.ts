import fs from 'node:fs';
import { CHROMIUM_BINARY } from '../src/server/system-needs';

/**
 * How Shoal's browser tests and benchmarks launch Chromium: Debian's package when installed
 * (Playwright cannot download its own here), with flags that work as root on a headless machine.
 * `npm test` installs the package first when it is missing (tests/test-needs.ts).
 */
export const CHROMIUM_PATH = fs.existsSync(CHROMIUM_BINARY) ? CHROMIUM_BINARY : undefined;

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--autoplay-policy=no-user-gesture-required'
];
