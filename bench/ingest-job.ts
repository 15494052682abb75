// Run by bench/ingest.ts as its own process, so its peak RSS is the worker's alone:
//   node --import tsx bench/ingest-job.ts <data-dir> <track-id>
// Runs the real media worker loop on DATA_DIR until the track is ready or failed, then prints one JSON
// line: {"status","jobMs","maxRssMb","stages"}.
import { startIngestWorker } from '../media-worker/ingest/ingest-worker';
import { createTrackRepository } from '../src/lib/server/catalog/track-repository';
import { loadConfig } from '../src/lib/server/config';
import { createDb } from '../src/lib/server/db';
import { createLogger } from '../src/lib/server/logger';

const [dataDir, trackId] = process.argv.slice(2);
const config = loadConfig({ ...process.env, DATA_DIR: dataDir });
const handle = createDb(config.databasePath);
const tracks = createTrackRepository(handle.db);
const logger = createLogger({ logLevel: 'warn', logFormat: 'json' });

const started = performance.now();
const loop = await startIngestWorker({ config, db: handle.db, logger, workerId: 'bench', pollMs: 20 });
// When each stage began, as the track row shows it (ms since start): where the time goes.
const stages: Record<string, number> = {};
let row = tracks.findById(trackId);
while (row?.status === 'processing') {
	if (row.stage && !(row.stage in stages)) stages[row.stage] = Math.round(performance.now() - started);
	await new Promise((resolve) => setTimeout(resolve, 10));
	row = tracks.findById(trackId);
}
const jobMs = performance.now() - started;
await loop.stop();
handle.close();
// maxRSS is in kilobytes: the high-water mark of this process (ffmpeg's memory is its own).
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
	`${JSON.stringify({ status: row?.status, error: row?.error, jobMs, maxRssMb, stages })}\n`
);
