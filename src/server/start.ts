import { getAppContext } from '../lib/server/context';
import { build, isBuildCurrent } from './build';
import { seedDemoCatalogueIfEmpty } from './demo/demo-catalogue';
import { configOrExit, runServer } from './main';
import { ensureSystemNeeds, FFMPEG, FFPROBE } from './system-needs';

/**
 * `npm start`: make sure what Shoal needs is here (ffmpeg, a current build), then run the server.
 * Everything it does is said in one line, so a newcomer can follow along.
 */

function buildIfNeeded(): void {
	if (isBuildCurrent()) return;
	console.log('Building Shoal (first start or sources changed)…');
	if (!build()) process.exit(1);
}

configOrExit(process.env); // a wrong setting is reported before anything slow happens
ensureSystemNeeds([FFMPEG, FFPROBE], { forWhat: 'process audio', rerun: 'npm start' });
buildIfNeeded();
await runServer();
// In the background: the server is already answering while the demo music is made and processed.
seedDemoCatalogueIfEmpty(getAppContext()).catch((error: unknown) =>
	getAppContext().logger.error({ err: error }, 'could not seed the demo catalogue')
);
