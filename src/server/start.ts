import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { getAppContext } from '../lib/server/context';
import { seedDemoCatalogueIfEmpty } from './demo/demo-catalogue';
import { configOrExit, runServer } from './main';

/**
 * `npm start`: make sure what Shoal needs is here (ffmpeg, a current build), then run the server.
 * Everything it does is said in one line, so a newcomer can follow along.
 */

function hasCommand(command: string, args: string[]): boolean {
	return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

function ensureFfmpeg(): void {
	if (hasCommand('ffmpeg', ['-version']) && hasCommand('ffprobe', ['-version'])) return;
	const isRoot = process.getuid?.() === 0;
	if (!isRoot || !hasCommand('apt-get', ['--version'])) {
		console.error(
			'Shoal needs ffmpeg to process audio. Install it (on Debian/Ubuntu: sudo apt-get install ffmpeg) and run npm start again.'
		);
		process.exit(1);
	}
	console.log('Installing ffmpeg from Debian packages (needed to process audio)…');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
	const install = spawnSync('apt-get', ['install', '-y', '-qq', 'ffmpeg'], { stdio: 'inherit', env });
	if (install.status !== 0 || !hasCommand('ffmpeg', ['-version'])) {
		console.error(
			'Installing ffmpeg failed. Install it yourself (apt-get install ffmpeg) and run npm start again.'
		);
		process.exit(1);
	}
}

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

/** A hash of everything the build reads, so a build is redone exactly when its inputs changed. */
export function sourceFingerprint(): string {
	const hash = createHash('sha256');
	for (const file of BUILD_INPUTS.flatMap(listFiles)) {
		hash.update(file).update('\0').update(fs.readFileSync(file)).update('\0');
	}
	return hash.digest('hex');
}

export function buildIfNeeded(): void {
	const fingerprint = sourceFingerprint();
	const built =
		fs.existsSync('build/handler.js') &&
		fs.existsSync(FINGERPRINT_FILE) &&
		fs.readFileSync(FINGERPRINT_FILE, 'utf8') === fingerprint;
	if (built) return;
	console.log('Building Shoal (first start or sources changed)…');
	const result = spawnSync(
		process.execPath,
		[path.resolve('node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
		{
			stdio: 'inherit'
		}
	);
	if (result.status !== 0) {
		console.error('The build failed; see the messages above.');
		process.exit(1);
	}
	fs.writeFileSync(FINGERPRINT_FILE, fingerprint);
}

configOrExit(process.env); // a wrong setting is reported before anything slow happens
ensureFfmpeg();
buildIfNeeded();
await runServer();
// In the background: the server is already answering while the demo music is made and processed.
seedDemoCatalogueIfEmpty(getAppContext()).catch((error: unknown) =>
	getAppContext().logger.error({ err: error }, 'could not seed the demo catalogue')
);
