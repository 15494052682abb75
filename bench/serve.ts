// npm run bench:serve [-- --duration 10] [-- --connections 16] [-- --rounds 2] [-- --workers N]
//                     [-- --rung aac_64k] [-- --profile <dir>]
//
// Segment requests per second and latency from Shoal's media route (the real server, `node --import tsx
// src/server/main.ts`) against nginx (Debian's package, one worker, sendfile on) serving the same files
// of the same track, under the same autocannon load: the same connections, duration and list of
// segment URLs (every segment of every rung, round-robin). Runs alternate (nginx, shoal, nginx, shoal…)
// so both see the same machine. Two paths are measured:
//  - signed: the track's release is still a draft, so every URL carries the short-lived signature and
//    the request the artist's session cookie (what an artist previewing their own work sends); Shoal
//    checks the session and the HMAC on every request, nginx just serves the files.
//  - public: the release is published; plain, cacheable URLs.
// The load generator must not be the limit: before measuring, autocannon's thread count is raised
// (1, 2, 3, 4) until nginx's rate stops rising (under 5 % more), and the output says where it
// stopped, or that it never did (then the ratio is a lower bound on nginx's lead). --workers N skips
// the search and uses N threads.
// Last line: segments_vs_nginx=<public: shoal rps / nginx rps> p99_ms=<public shoal p99>
//            signed_vs_nginx=<signed: shoal rps / nginx rps> signed_p99_ms=<signed shoal p99>
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/lib/server/config';
import { createAppContext } from '../src/lib/server/context';
import { createLogger } from '../src/lib/server/logger';
import { SESSION_COOKIE } from '../src/lib/shared/realtime-events';
import { seedArtistRelease } from '../src/server/demo/demo-catalogue';

const NGINX = '/usr/sbin/nginx';
const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
	const index = argv.indexOf(`--${name}`);
	const value = index === -1 ? NaN : Number(argv[index + 1]);
	return Number.isFinite(value) && value > 0 ? value : fallback;
};
const DURATION_S = option('duration', 10);
const CONNECTIONS = option('connections', 16);
const ROUNDS = option('rounds', 2);
/** autocannon worker threads, when given; otherwise found by raising them until nginx stops speeding up. */
const FIXED_WORKERS = argv.includes('--workers') ? option('workers', 1) : undefined;
const TRACK_SECONDS = 60;
/** Where Shoal's server writes a V8 CPU profile (open it in Chrome's DevTools), if asked. */
const profileIndex = argv.indexOf('--profile');
/** Only this rung's segments (smaller files stress per-request work more than bytes); default all. */
const RUNG = argv.includes('--rung') ? argv[argv.indexOf('--rung') + 1] : undefined;
const PROFILE_DIR = profileIndex === -1 ? undefined : path.resolve(argv[profileIndex + 1] ?? 'profiles');
const root = path.resolve(import.meta.dirname, '..');

interface AutocannonResult {
	requests: { average: number; total: number };
	latency: { p50: number; p99: number; average: number };
	throughput: { average: number };
	non2xx: number;
	errors: number;
	timeouts: number;
}
type Autocannon = (options: {
	url: string;
	connections: number;
	duration: number;
	workers?: number;
	headers?: Record<string, string>;
	requests: Array<{ method: 'GET'; path: string }>;
}) => Promise<AutocannonResult>;
// autocannon ships no types; this is the slice of its API the bench uses.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

interface Run {
	name: 'nginx' | 'shoal';
	rps: number;
	p50: number;
	p99: number;
	mbps: number;
}

function ensureNginx(): void {
	if (fs.existsSync(NGINX)) return;
	if (process.getuid?.() !== 0) {
		console.error(
			`nginx is not installed (${NGINX}) and this is not root: run \`apt-get install -y nginx\`.`
		);
		process.exit(2);
	}
	console.log('installing nginx (Debian package)…');
	const result = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'nginx'], {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
	});
	if (result.status !== 0 || !fs.existsSync(NGINX)) {
		console.error('nginx could not be installed: the comparison needs it.');
		process.exit(2);
	}
}

function ensureBuilt(): void {
	// The media route runs from source (tsx); the build is only SvelteKit's handler, which main.ts needs.
	if (fs.existsSync(path.join(root, 'build', 'handler.js'))) return;
	console.log('building Shoal first (npm run build)…');
	const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) throw new Error('the build failed');
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 180_000): Promise<void> {
	const started = Date.now();
	for (;;) {
		if (await probe().catch(() => false)) return;
		if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		child.kill(signal);
	});
}

function nginxConfig(prefix: string, port: number, mediaDir: string): string {
	const temp = (name: string) => `${name}_temp_path ${path.join(prefix, 'tmp', name)};`;
	return `# Generated by bench/serve.ts: static files with sendfile, nothing else.
daemon off;
master_process on;
worker_processes 1;
pid ${path.join(prefix, 'nginx.pid')};
error_log ${path.join(prefix, 'error.log')} warn;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000000;
	${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n\t')}
	types { application/vnd.apple.mpegurl m3u8; audio/mp4 m4s mp4; }
	default_type application/octet-stream;
	server {
		listen 127.0.0.1:${port};
		location /media/ {
			alias ${mediaDir}/;
			add_header Cache-Control "public, max-age=31536000, immutable";
		}
	}
}
`;
}

/** Every segment URL of the track, rung by rung, read from its own playlists. */
function segmentUrls(mediaDir: string, mediaKey: string): string[] {
	const dir = path.join(mediaDir, mediaKey);
	const lines = (file: string) =>
		fs
			.readFileSync(path.join(dir, file), 'utf8')
			.split('\n')
			.map((line) => line.trim())
			.filter((line) => line && !line.startsWith('#'));
	return lines('master.m3u8').flatMap((variant) => {
		const rung = path.dirname(variant);
		if (RUNG && rung !== RUNG) return [];
		return lines(variant).map((segment) => `/media/${mediaKey}/${rung}/${segment}`);
	});
}

interface Load {
	urls: string[];
	headers?: Record<string, string>;
	workers: number;
}

async function load(name: Run['name'], base: string, what: Load, seconds: number): Promise<Run> {
	const result = await autocannon({
		url: base,
		connections: CONNECTIONS,
		duration: seconds,
		...(what.workers > 1 ? { workers: what.workers } : {}),
		...(what.headers ? { headers: what.headers } : {}),
		requests: what.urls.map((url) => ({ method: 'GET', path: url }))
	});
	if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0)
		throw new Error(
			`${name} answered badly: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`
		);
	return {
		name,
		rps: result.requests.average,
		p50: result.latency.p50,
		p99: result.latency.p99,
		mbps: result.throughput.average / 1e6
	};
}

async function main(): Promise<string> {
	ensureNginx();
	ensureBuilt();
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-bench-serve-'));
	// nginx's worker drops root for `nobody`, which must be able to reach the media files.
	fs.chmodSync(work, 0o755);
	const dataDir = path.join(work, 'data');
	const children: Array<{ child: ChildProcess; signal: NodeJS.Signals }> = [];
	const config = loadConfig(
		{ DATA_DIR: dataDir, SHOAL_DEMO: '0', LOG_LEVEL: 'silent', LOG_FORMAT: 'json' },
		root
	);
	const context = createAppContext(config, {
		logger: createLogger({ logLevel: 'silent', logFormat: 'json' })
	});
	try {
		console.log(`seeding a ${TRACK_SECONDS} s lossless track (the server's media worker processes it)…`);
		const seeded = await seedArtistRelease(
			context,
			{
				handle: 'bench',
				name: 'Bench',
				bio: '',
				release: { title: 'Bench', type: 'single', description: '', tags: '', licence: 'cc0' },
				tracks: [
					{ title: 'Bench', voice: { root: 220, rate: 4, stride: 3, decay: 6, hat: 0.03 }, codec: 'flac' }
				]
			},
			{ durationSeconds: TRACK_SECONDS }
		);

		const shoalPort = await freePort();
		const shoalBase = `http://127.0.0.1:${shoalPort}`;
		const profile = PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : [];
		const shoal = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/server/main.ts'], {
			cwd: root,
			env: {
				...process.env,
				NODE_ENV: 'production',
				PORT: String(shoalPort),
				HOST: '127.0.0.1',
				ORIGIN: `http://localhost:${shoalPort}`,
				DATA_DIR: dataDir,
				SHOAL_DEMO: '0',
				LOG_LEVEL: 'warn'
			},
			stdio: ['ignore', 'ignore', 'inherit']
		});
		children.push({ child: shoal, signal: 'SIGTERM' });
		await waitFor('Shoal to start', async () => (await fetch(`${shoalBase}/healthz`)).status > 0);

		const [trackId] = seeded.trackIds;
		await waitFor('the track to be processed', async () => {
			const track = context.repositories.tracks.findById(trackId);
			if (track?.status === 'failed') throw new Error(`the track failed: ${track.error}`);
			return track?.status === 'ready';
		});
		const mediaKey = context.repositories.tracks.findById(trackId)!.mediaKey!;
		const urls = segmentUrls(config.mediaDir, mediaKey);
		if (urls.length === 0) throw new Error(`no segments for rung ${RUNG}`);

		const prefix = path.join(work, 'nginx');
		for (const name of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
			fs.mkdirSync(path.join(prefix, 'tmp', name), { recursive: true });
		const nginxPort = await freePort();
		const nginxBase = `http://127.0.0.1:${nginxPort}`;
		const conf = path.join(prefix, 'nginx.conf');
		fs.writeFileSync(conf, nginxConfig(prefix, nginxPort, config.mediaDir));
		const nginx = spawn(NGINX, ['-p', prefix, '-e', path.join(prefix, 'error.log'), '-c', conf], {
			stdio: ['ignore', 'ignore', 'inherit']
		});
		children.push({ child: nginx, signal: 'SIGQUIT' });
		await waitFor('nginx to start', async () => (await fetch(`${nginxBase}${urls[0]}`)).status > 0, 15_000);

		// The signed path: the release is still a draft; the artist's session and a signature for them.
		const { token } = context.sessions.create(seeded.userId);
		const { query } = context.mediaUrls.sign(trackId, seeded.userId);
		const signedUrls = urls.map((url) => `${url}?${query}`);
		const cookie = { cookie: `${SESSION_COOKIE}=${token}` };
		await sameBytes(shoalBase, nginxBase, signedUrls, urls, cookie);
		const anonymous = await fetch(`${shoalBase}${urls[0]}`);
		if (anonymous.status < 400) throw new Error('a draft segment was served without its signature');

		const sizes = urls.map(
			(url) => fs.statSync(path.join(config.mediaDir, url.slice('/media/'.length))).size
		);
		const meanKb = sizes.reduce((sum, size) => sum + size, 0) / sizes.length / 1024;
		const workers = FIXED_WORKERS ?? (await generatorThreads(nginxBase, urls));
		console.log(
			`${urls.length} segment URLs (${meanKb.toFixed(0)} KB on average) · ${CONNECTIONS} connections · ${DURATION_S} s per run · ${ROUNDS} rounds · ${workers} load thread(s)`
		);

		const signed = await measure(
			'signed (draft: session + signature on every request)',
			shoalBase,
			nginxBase,
			{
				shoal: { urls: signedUrls, headers: cookie, workers },
				nginx: { urls, workers }
			}
		);

		const now = Date.now();
		context.repositories.releases.update(seeded.releaseId, {
			status: 'published',
			publishAt: now,
			updatedAt: now
		});
		await sameBytes(shoalBase, nginxBase, urls, urls);
		const publicRun = await measure('public (published: plain URLs)', shoalBase, nginxBase, {
			shoal: { urls, workers },
			nginx: { urls, workers }
		});
		return (
			`segments_vs_nginx=${publicRun.ratio.toFixed(3)} p99_ms=${publicRun.shoalP99} ` +
			`signed_vs_nginx=${signed.ratio.toFixed(3)} signed_p99_ms=${signed.shoalP99}`
		);
	} finally {
		for (const { child, signal } of children.reverse()) await stop(child, signal);
		context.close();
		fs.rmSync(work, { recursive: true, force: true });
	}
}

/** Both must serve the very same bytes before their speed means anything. */
async function sameBytes(
	shoalBase: string,
	nginxBase: string,
	shoalUrls: string[],
	nginxUrls: string[],
	headers: Record<string, string> = {}
): Promise<void> {
	for (const index of [0, shoalUrls.length - 1]) {
		const fetchBytes = async (url: string, extra: Record<string, string>) => {
			const res = await fetch(url, { headers: extra });
			if (!res.ok) throw new Error(`${url} answered ${res.status}`);
			return Buffer.from(await res.arrayBuffer());
		};
		const a = await fetchBytes(`${shoalBase}${shoalUrls[index]}`, headers);
		const b = await fetchBytes(`${nginxBase}${nginxUrls[index]}`, {});
		if (!a.equals(b)) throw new Error(`Shoal and nginx disagree on ${nginxUrls[index]}`);
	}
}

/**
 * The fewest autocannon threads at which nginx stops speeding up: with fewer, the bench would
 * measure its own generator. Short runs of 1, 2, 3, 4 threads against nginx.
 */
async function generatorThreads(nginxBase: string, urls: string[]): Promise<number> {
	const rates: number[] = [];
	for (let threads = 1; threads <= 4; threads++) {
		await load('nginx', nginxBase, { urls, workers: threads }, 1);
		const { rps } = await load('nginx', nginxBase, { urls, workers: threads }, 3);
		rates.push(rps);
		const previous = rates.at(-2);
		if (previous !== undefined && rps < previous * 1.05) {
			const best = rps > previous ? threads : threads - 1;
			console.log(
				`load generator: nginx ${rates.map((r, i) => `${r.toFixed(0)} req/s with ${i + 1} thread(s)`).join(', ')}; ` +
					`it stopped rising at ${threads - 1} thread(s), so the generator is not the limit there: using ${best}`
			);
			return best;
		}
	}
	console.log(
		`load generator: nginx ${rates.map((r, i) => `${r.toFixed(0)} req/s with ${i + 1} thread(s)`).join(', ')}; ` +
			'it was still rising at 4 threads: the generator may be the limit, so nginx may be faster than shown'
	);
	return 4;
}

async function measure(
	label: string,
	shoalBase: string,
	nginxBase: string,
	loads: Record<Run['name'], Load>
): Promise<{ ratio: number; shoalP99: number }> {
	console.log(`\n${label}`);
	await load('nginx', nginxBase, loads.nginx, 2);
	await load('shoal', shoalBase, loads.shoal, 2);
	const runs: Run[] = [];
	for (let round = 1; round <= ROUNDS; round++) {
		for (const [name, base] of [
			['nginx', nginxBase],
			['shoal', shoalBase]
		] as const) {
			const run = await load(name, base, loads[name], DURATION_S);
			runs.push(run);
			console.log(
				`round ${round} ${name.padEnd(5)} ${run.rps.toFixed(0).padStart(6)} req/s · p50 ${run.p50} ms · p99 ${run.p99} ms · ${run.mbps.toFixed(0)} MB/s`
			);
		}
	}
	const mean = (name: Run['name'], pick: (run: Run) => number) => {
		const values = runs.filter((run) => run.name === name).map(pick);
		return values.reduce((sum, value) => sum + value, 0) / values.length;
	};
	const shoalRps = mean('shoal', (run) => run.rps);
	const nginxRps = mean('nginx', (run) => run.rps);
	const p99 = (name: Run['name']) =>
		Math.max(...runs.filter((run) => run.name === name).map((run) => run.p99));
	console.log(
		`mean: shoal ${shoalRps.toFixed(0)} req/s (p50 ${mean('shoal', (run) => run.p50).toFixed(1)} ms), nginx ${nginxRps.toFixed(0)} req/s (p50 ${mean('nginx', (run) => run.p50).toFixed(1)} ms, p99 ${p99('nginx')} ms): ratio ${(shoalRps / nginxRps).toFixed(3)}`
	);
	return { ratio: shoalRps / nginxRps, shoalP99: p99('shoal') };
}

// Printed after everything has shut down, so it really is the last line.
console.log(await main());
