import { spawn, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startBalancer } from './balancer';
import { build, isBuildCurrent } from './build';
import { configOrExit } from './main';
import { ensureSystemNeeds, FFMPEG, FFPROBE } from './system-needs';

/**
 * `npm run cluster -- --web 2 --workers 2`: several Shoal web processes and media workers on one
 * machine, behind a small sticky balancer on PORT, for trying a scaled-out Shoal. They share the
 * engines named in the environment (DATABASE_URL or the SQLite file, REDIS_URL, the media store).
 * Across machines, run `npm run serve` (with SHOAL_WORKER=off) and `npm run worker` yourself behind a
 * real load balancer: docs/operations.md.
 */
const optionsSchema = z.object({
	web: z.coerce.number().int().min(1).max(16),
	workers: z.coerce.number().int().min(0).max(16)
});

const { values } = parseArgs({
	options: { web: { type: 'string', default: '2' }, workers: { type: 'string', default: '1' } }
});
const parsed = optionsSchema.safeParse(values);
if (!parsed.success) {
	console.error('usage: npm run cluster -- --web <1..16> --workers <0..16>');
	process.exit(2);
}
const { web, workers } = parsed.data;
const config = configOrExit(process.env);
if (web > 1 && !process.env.REDIS_URL) {
	console.error(
		'Several web processes share live events and limits through Redis: set REDIS_URL (e.g. redis://127.0.0.1:6379).'
	);
	process.exit(2);
}
ensureSystemNeeds([FFMPEG, FFPROBE], { forWhat: 'process audio', rerun: 'npm run cluster' });
if (!isBuildCurrent()) {
	console.log('Building Shoal…');
	if (!build()) process.exit(1);
}

const children: ChildProcess[] = [];
function run(name: string, args: string[], env: NodeJS.ProcessEnv): void {
	const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env, stdio: 'inherit' });
	child.on('exit', (code, signal) => {
		if (!stopping) console.error(`${name} stopped (${signal ?? code}); stopping the cluster`);
		void stop(1);
	});
	children.push(child);
}

const backends = Array.from({ length: web }, (_, i) => ({ host: '127.0.0.1', port: config.port + 1 + i }));
const shared = { ...process.env, ORIGIN: config.origin, SHOAL_WORKER: 'off' };
backends.forEach((backend, i) =>
	run(`web ${i + 1}`, ['src/server/main.ts'], { ...shared, PORT: String(backend.port), HOST: '127.0.0.1' })
);
for (let i = 0; i < workers; i++) run(`worker ${i + 1}`, ['media-worker/main.ts'], shared);

await startBalancer({ port: config.port, host: config.host, backends });
console.log(`\n  Shoal cluster: ${web} web, ${workers} workers, at ${config.origin}\n`);

let stopping = false;
async function stop(code: number): Promise<void> {
	if (stopping) return;
	stopping = true;
	const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
	for (const child of running) child.kill('SIGTERM');
	await Promise.all(running.map((child) => new Promise((resolve) => child.once('exit', resolve))));
	process.exit(code);
}
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
