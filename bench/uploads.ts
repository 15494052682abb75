// npm run bench:uploads [-- --count 20] [-- --mb 200]   (after `npm run build`)
//
// Resumable uploads at scale: `count` artists' browsers each send a `mb` MB WAV at the same time to one
// real built Shoal server (`node --import tsx src/server/main.ts`) through tus, as the studio does
// (tus-js-client, 8 MB chunks, the session cookie and Origin header of a signed-in artist), against
// copying the same bytes with `count` parallel `cp` processes into a directory on the same disk, in
// the same run. The media worker is off during the bench (SHOAL_WORKER=off): the jobs queue up, so
// only the upload path is measured. The server's peak RSS is the kernel's high-water mark (VmHWM)
// for its process: bytes must stream to disk, never sit whole in memory (goal ≤ 300 MB whatever the
// file sizes; run with a larger --mb to see that it does not grow).
// Last line: uploads_over_cp=<upload wall time / cp wall time> server_peak_rss_mb=<n>
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Upload } from 'tus-js-client';
import { loadConfig } from '../src/lib/server/config';
import { createAppContext } from '../src/lib/server/context';
import { createLogger } from '../src/lib/server/logger';
import { SESSION_COOKIE } from '../src/lib/shared/realtime-events';
import { ffmpegSync } from '../tests/helpers/audio';
import { startBuiltServer } from './built-server';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
	const index = args.indexOf(`--${name}`);
	const value = index === -1 ? NaN : Number(args[index + 1]);
	return Number.isFinite(value) && value > 0 ? value : fallback;
};
const COUNT = option('count', 20);
const MB = option('mb', 200);
const CHUNK_BYTES = 8 * 1024 * 1024;

function peakRssMb(pid: number): number {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

function makeWav(file: string, megabytes: number): void {
	// 48 kHz stereo 16-bit is 192,000 bytes a second.
	const seconds = Math.ceil((megabytes * 1024 * 1024) / 192_000);
	ffmpegSync([
		'-v',
		'error',
		'-f',
		'lavfi',
		'-i',
		`anoisesrc=d=${seconds}:c=pink:r=48000:a=0.3`,
		'-ac',
		'2',
		'-c:a',
		'pcm_s16le',
		'-y',
		file
	]);
}

function upload(
	origin: string,
	file: string,
	headers: Record<string, string>,
	releaseId: string,
	name: string
): Promise<void> {
	return new Promise((resolve, reject) => {
		const size = fs.statSync(file).size;
		const task = new Upload(fs.createReadStream(file), {
			endpoint: `${origin}/uploads/files`,
			chunkSize: CHUNK_BYTES,
			uploadSize: size,
			headers,
			retryDelays: [],
			metadata: { releaseId, filename: name },
			onSuccess: () => resolve(),
			onError: reject
		});
		task.start();
	});
}

function copyAll(source: string, dir: string): Promise<void> {
	return Promise.all(
		Array.from(
			{ length: COUNT },
			(_, i) =>
				new Promise<void>((resolve, reject) => {
					const child = spawn('cp', [source, path.join(dir, `copy-${i}.wav`)], { stdio: 'inherit' });
					child.once('error', reject);
					child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`cp exited ${code}`))));
				})
		)
	).then(() => undefined);
}

async function main(): Promise<string> {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-bench-uploads-'));
	const dataDir = path.join(work, 'data');
	fs.mkdirSync(dataDir);
	process.env.SHOAL_WORKER = 'off';
	process.env.SHOAL_ARTIST_QUOTA_MB = String(Math.max(20480, COUNT * MB * 2));
	const server = await startBuiltServer(dataDir);
	const config = loadConfig({ DATA_DIR: dataDir, ORIGIN: server.origin });
	const context = createAppContext(config, {
		logger: createLogger({ logLevel: 'silent', logFormat: 'json' })
	});
	try {
		console.log(`making a ${MB} MB WAV…`);
		const source = path.join(work, 'source.wav');
		makeWav(source, MB);
		const bytes = fs.statSync(source).size;

		// Each upload comes from its own artist, as on a real instance.
		const artists = [];
		for (let i = 0; i < COUNT; i++) {
			const { user } = await context.accounts.signUp({
				displayName: `Bench ${i}`,
				email: `bench${i}@example.org`,
				password: 'tidal pools at dusk'
			});
			const actor = { userId: user.id, isAdmin: false };
			context.artists.createProfile(actor, { handle: `bench${i}`, name: `Bench ${i}`, bio: '', links: [] });
			const release = context.catalog.createRelease(actor, {
				title: 'Bench',
				type: 'single',
				releaseDate: '2026-01-01',
				description: '',
				tags: '',
				licence: 'cc0'
			});
			const { token } = context.sessions.create(user.id);
			artists.push({
				releaseId: release.id,
				headers: { cookie: `${SESSION_COOKIE}=${token}`, origin: server.origin }
			});
		}

		// Warm the page cache for both sides: the source is read from memory by either.
		await copyAll(source, fs.mkdtempSync(path.join(work, 'warm-')));
		fs.rmSync(
			fs
				.readdirSync(work)
				.filter((n) => n.startsWith('warm-'))
				.map((n) => path.join(work, n))[0],
			{
				recursive: true
			}
		);

		const rssBefore = peakRssMb(server.pid);
		const t0 = performance.now();
		await Promise.all(
			artists.map(({ releaseId, headers }, i) =>
				upload(server.origin, source, headers, releaseId, `take-${i}.wav`)
			)
		);
		const uploadMs = performance.now() - t0;
		const serverPeak = peakRssMb(server.pid);
		const registered = context.dbHandle.sqlite
			.prepare(`SELECT count(*) AS n FROM tracks WHERE source_bytes = ?`)
			.get(bytes) as { n: number };
		if (registered.n !== COUNT) throw new Error(`${registered.n} of ${COUNT} uploads became tracks`);

		const copies = path.join(work, 'copies');
		fs.mkdirSync(copies);
		const t1 = performance.now();
		await copyAll(source, copies);
		const cpMs = performance.now() - t1;

		const totalMb = (COUNT * bytes) / 1024 / 1024;
		console.log(
			`${COUNT} uploads of ${(bytes / 1024 / 1024).toFixed(0)} MB at once: ${(uploadMs / 1000).toFixed(2)} s ` +
				`(${(totalMb / (uploadMs / 1000)).toFixed(0)} MB/s); ${COUNT} parallel cp: ${(cpMs / 1000).toFixed(2)} s ` +
				`(${(totalMb / (cpMs / 1000)).toFixed(0)} MB/s)`
		);
		console.log(
			`server peak RSS ${serverPeak.toFixed(0)} MB (${rssBefore.toFixed(0)} MB before the uploads): goal ≤ 300 MB ` +
				(serverPeak <= 300 ? '(met)' : '(NOT met)')
		);
		return `uploads_over_cp=${(uploadMs / cpMs).toFixed(2)} server_peak_rss_mb=${serverPeak.toFixed(0)}`;
	} finally {
		context.close();
		await server.stop();
		fs.rmSync(work, { recursive: true, force: true });
	}
}

// Printed after everything has shut down, so it really is the last line.
console.log(await main());
