// Run by bench/ingest.ts as its own process, so its peak RSS is the worker's alone:
//   node --import tsx bench/ingest-job.ts <data-dir> <track-id>
// Runs the real media worker loop on DATA_DIR until the track is ready or failed, then prints one JSON
// line: {"status","jobMs","maxRssMb","treePeakRssMb","stages"}.
import fs from 'node:fs';
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

/** RSS in MB of this process and every process below it (its ffmpeg and ffprobe), read from /proc. */
function treeRssMb(): number {
	const parents = new Map<number, number>();
	for (const name of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
			// The command name may hold spaces and parentheses: fields start after the last ')'.
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			parents.set(Number(name), ppid);
		} catch {
			// gone between readdir and read
		}
	}
	const tree = new Set([process.pid]);
	for (let grew = true; grew;) {
		grew = false;
		for (const [pid, ppid] of parents) {
			if (!tree.has(pid) && tree.has(ppid)) {
				tree.add(pid);
				grew = true;
			}
		}
	}
	let kb = 0;
	for (const pid of tree) {
		try {
			const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
			kb += Number(match?.[1] ?? 0);
		} catch {
			// exited
		}
	}
	return kb / 1024;
}
let treePeakRssMb = 0;
const sampler = setInterval(() => (treePeakRssMb = Math.max(treePeakRssMb, treeRssMb())), 50);

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
clearInterval(sampler);
await loop.stop();
handle.close();
// maxRSS is in kilobytes: the high-water mark of this process alone. treePeakRssMb adds its ffmpeg
// processes, sampled every 50 ms (a peak shorter than that can be missed).
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
	`${JSON.stringify({ status: row?.status, error: row?.error, jobMs, maxRssMb, treePeakRssMb, stages })}\n`
);
