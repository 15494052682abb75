import fs from 'node:fs';

/**
 * How Shoal's browser tests and benchmarks launch Chromium: Debian's package when installed
 * (Playwright cannot download its own here), with flags that work as root on a headless machine.
 */
export const CHROMIUM_PATH = fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;

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
