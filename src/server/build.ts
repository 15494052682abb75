import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * `npm run build`, and the build `npm start` does when the sources changed: `vite build`, then a
 * fingerprint of everything the build read, written next to it, so that `npm start` rebuilds exactly
 * when its inputs changed — whichever of the two built last.
 */

const BUILD_INPUTS = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];
const FINGERPRINT_FILE = path.join('build', '.source-fingerprint');

function listFiles(entry: string): string[] {
	if (!fs.existsSync(entry)) return [];
	if (!fs.statSync(entry).isDirectory()) return [entry];
	return fs
		.readdirSync(entry, { withFileTypes: true })
		.flatMap((child) => listFiles(path.join(entry, child.name)))
		.sort();
}

/** A hash of everything the build reads. */
export function sourceFingerprint(): string {
	const hash = createHash('sha256');
	for (const file of BUILD_INPUTS.flatMap(listFiles)) {
		hash.update(file).update('\0').update(fs.readFileSync(file)).update('\0');
	}
	return hash.digest('hex');
}

/** Whether build/ was made from the sources as they are now. */
export function isBuildCurrent(): boolean {
	return (
		fs.existsSync('build/handler.js') &&
		fs.existsSync(FINGERPRINT_FILE) &&
		fs.readFileSync(FINGERPRINT_FILE, 'utf8') === sourceFingerprint()
	);
}

/** Builds (vite's messages go to the terminal); false, after saying so, when the build failed. */
export function build(): boolean {
	const fingerprint = sourceFingerprint();
	const result = spawnSync(
		process.execPath,
		[path.resolve('node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
		{ stdio: 'inherit' }
	);
	if (result.status !== 0) {
		console.error('The build failed; see the messages above.');
		return false;
	}
	fs.writeFileSync(FINGERPRINT_FILE, fingerprint);
	return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
	if (!build()) process.exit(1);
}
