import { spawnSync } from 'node:child_process';
import { getAppContext } from '../lib/server/context';
import { build, isBuildCurrent } from './build';
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

function buildIfNeeded(): void {
	if (isBuildCurrent()) return;
	console.log('Building Shoal (first start or sources changed)…');
	if (!build()) process.exit(1);
}

configOrExit(process.env); // a wrong setting is reported before anything slow happens
ensureFfmpeg();
buildIfNeeded();
await runServer();
// In the background: the server is already answering while the demo music is made and processed.
seedDemoCatalogueIfEmpty(getAppContext()).catch((error: unknown) =>
	getAppContext().logger.error({ err: error }, 'could not seed the demo catalogue')
);
