// npm run bench:ingest [-- --long] [-- --rounds N]
//
// A generated 240 s stereo 48 kHz WAV through the whole ingest job (probe, ladder, loudness, peaks,
// publish, in a real worker process) against a baseline of the ladder alone: bare ffmpeg running the
// ladder's two commands side by side (see ladderGroups), without the probe, loudness, peaks or
// publish that the job also does. Alternately in the same run. For reference it also times the ladder
// as one ffmpeg process. With --long, also the peak memory on a 60-minute WAV.
// Memory is printed twice: the worker process alone, and the worker with its ffmpeg processes
// (their RSS summed at the same moment, sampled every 50 ms).
// Last line: ingest_over_ffmpeg=<ratio over the bare ladder> x_realtime=<n> peak_rss_mb=<worker>
//            peak_rss_with_ffmpeg_mb=<worker + ffmpeg>
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ladderArgs, ladderGroups } from '../media-worker/ffmpeg/args';
import { createFfmpegRunner } from '../media-worker/ffmpeg/runner';
import { loadConfig } from '../src/lib/server/config';
import { createAppContext, type AppContext } from '../src/lib/server/context';
import { createLogger } from '../src/lib/server/logger';
import { ffmpegSync, generateTrack } from '../tests/helpers/audio';

const SECONDS = 240;
const LONG_SECONDS = 3600;
const args = process.argv.slice(2);
const long = args.includes('--long');
const rounds = Math.max(1, Number(args[args.indexOf('--rounds') + 1]) || 3);
const root = path.resolve(import.meta.dirname, '..');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-bench-'));
const dataDir = path.join(work, 'data');
const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', LOG_FORMAT: 'json' }, root);
const context = createAppContext(config, { logger: createLogger({ logLevel: 'silent', logFormat: 'json' }) });

interface JobResult {
	status: string;
	error: string | null;
	jobMs: number;
	maxRssMb: number;
	treePeakRssMb: number;
	stages: Record<string, number>;
}

async function main(): Promise<void> {
	const actor = await artistActor(context);
	const release = context.catalog.createRelease(actor, {
		title: 'Bench',
		type: 'single',
		releaseDate: '2026-01-01',
		description: '',
		tags: '',
		licence: 'cc0'
	});

	console.log(`generating a ${SECONDS} s stereo 48 kHz WAV…`);
	const source = generateTrack({ dir: work, name: 'bench', seconds: SECONDS, format: 'wav' }).path;
	const runner = createFfmpegRunner({ ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath });

	const bare: number[] = [];
	const single: number[] = [];
	const full: JobResult[] = [];
	const ladder = (outputDir: string, rungs?: ReturnType<typeof ladderGroups>[number]) =>
		runner.run(
			ladderArgs({
				input: { path: source, format: 'wav' },
				outputDir,
				lossless: true,
				maxDurationSeconds: config.maxTrackSeconds,
				rungs
			}),
			{ timeoutMs: 30 * 60_000 }
		);
	for (let round = 1; round <= rounds; round++) {
		const outputDir = path.join(work, `bare-${round}`);
		single.push(await timed(() => ladder(outputDir)));
		fs.rmSync(outputDir, { recursive: true, force: true });
		bare.push(await timed(() => Promise.all(ladderGroups(true).map((rungs) => ladder(outputDir, rungs)))));
		fs.rmSync(outputDir, { recursive: true, force: true });

		const result = await fullJob(actor, release.id, source, `bench-${round}.wav`);
		full.push(result);
		console.log(
			`round ${round}: baseline (bare ffmpeg ladder) ${seconds(bare.at(-1)!)} s (as one process ${seconds(single.at(-1)!)} s) · full job ${seconds(result.jobMs)} s · peak RSS worker ${result.maxRssMb.toFixed(0)} MB, with ffmpeg ${result.treePeakRssMb.toFixed(0)} MB`
		);
		console.log(`  stages began at (s): ${stageTimes(result)}`);
	}

	let peakRss = Math.max(...full.map((result) => result.maxRssMb));
	let peakTree = Math.max(...full.map((result) => result.treePeakRssMb));
	if (long) {
		console.log(`making a ${LONG_SECONDS / 60}-minute WAV (the same music, looped)…`);
		const longSource = path.join(work, 'long.wav');
		const loops = Math.ceil(LONG_SECONDS / SECONDS) - 1;
		ffmpegSync([
			'-v',
			'error',
			'-stream_loop',
			String(loops),
			'-i',
			source,
			'-t',
			String(LONG_SECONDS),
			'-c',
			'copy',
			'-y',
			longSource
		]);
		const result = await fullJob(actor, release.id, longSource, 'long.wav');
		fs.rmSync(longSource, { force: true });
		console.log(
			`60-minute WAV: full job ${seconds(result.jobMs)} s (${(LONG_SECONDS / (result.jobMs / 1000)).toFixed(1)}x realtime) · peak RSS worker ${result.maxRssMb.toFixed(0)} MB, with ffmpeg ${result.treePeakRssMb.toFixed(0)} MB`
		);
		peakRss = Math.max(peakRss, result.maxRssMb);
		peakTree = Math.max(peakTree, result.treePeakRssMb);
	}

	const bestBare = Math.min(...bare);
	const bestFull = Math.min(...full.map((result) => result.jobMs));
	console.log(
		`best of ${rounds}: baseline (bare ffmpeg ladder, no analysis) ${seconds(bestBare)} s (as one process ${seconds(Math.min(...single))} s), full job ${seconds(bestFull)} s`
	);
	console.log(
		`ingest_over_ffmpeg=${(bestFull / bestBare).toFixed(3)} x_realtime=${(SECONDS / (bestFull / 1000)).toFixed(1)} peak_rss_mb=${peakRss.toFixed(0)} peak_rss_with_ffmpeg_mb=${peakTree.toFixed(0)}`
	);
}

/** Registers the file as a new track (as an upload would) and runs its job in a worker process. */
async function fullJob(
	actor: { userId: string; isAdmin: boolean },
	releaseId: string,
	source: string,
	name: string
): Promise<JobResult> {
	fs.mkdirSync(config.uploadsDir, { recursive: true });
	const staged = path.join(config.uploadsDir, name);
	fs.copyFileSync(source, staged);
	const track = await context.catalog.registerUpload(actor, {
		releaseId,
		filePath: staged,
		originalName: name
	});
	const child = spawnSync(process.execPath, ['--import', 'tsx', 'bench/ingest-job.ts', dataDir, track.id], {
		cwd: root,
		env: { ...process.env, LOG_LEVEL: 'warn' },
		encoding: 'utf8',
		maxBuffer: 16 * 1024 * 1024
	});
	const line = child.stdout.trim().split('\n').at(-1) ?? '';
	if (child.status !== 0 || !line.startsWith('{'))
		throw new Error(`the job process failed (${child.status}):\n${child.stderr}\n${child.stdout}`);
	const result = JSON.parse(line) as JobResult;
	if (result.status !== 'ready') throw new Error(`the track did not become ready: ${result.error}`);
	return result;
}

async function artistActor(app: AppContext) {
	const { user } = await app.accounts.signUp({
		displayName: 'Bench',
		email: 'bench@example.org',
		password: 'tidal pools at dusk'
	});
	const actor = { userId: user.id, isAdmin: false };
	app.artists.createProfile(actor, { handle: 'bench', name: 'Bench', bio: '', links: [] });
	return actor;
}

function stageTimes(result: JobResult): string {
	const entries = Object.entries(result.stages).map(([stage, ms]) => `${stage} ${seconds(ms)}`);
	return [...entries, `ready ${seconds(result.jobMs)}`].join(' · ');
}

async function timed(work: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await work();
	return performance.now() - started;
}

function seconds(ms: number): string {
	return (ms / 1000).toFixed(2);
}

try {
	await main();
} finally {
	context.close();
	fs.rmSync(work, { recursive: true, force: true });
}
