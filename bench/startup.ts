// npm run bench:startup [-- --runs N] [-- --dwell-ms N] [-- --preload metadata|none]   (after `npm run build`)
//
// Press-to-`playing` in Chromium: Shoal's player (the release page's "Play all" → PlayerBar → fast
// start on the 128k rung's first segment → hls.js taking over) against a plain `<audio src>` of a
// progressive AAC file (.m4a, 128 kbit/s, faststart) of the same track. The track is seeded into the
// real built server (its media worker builds the ladder); the .m4a is encoded by ffmpeg from the same
// original and served by a tiny static server with Range support. The clock starts at the press
// (pointerdown), not at the click event a few milliseconds later: Shoal starts fetching the first
// audio at pointerdown, so measuring from the click would hand it a head start the baseline does not
// get. Both sides get the same conditions before the press: each page does what it does by default
// and the bench waits for the network to be idle before pressing. Shoal's release page fetches its
// first track's two small playlists (the track's metadata; no audio) when idle; the progressive
// <audio> has Chromium's default preload, "metadata" (it fetches the file's header and index, the
// moov box, and whatever else Chromium's first range request brings). `--preload none` takes that
// away from the baseline, for comparison; the output says which was used. The kinds alternate, the
// order flipping every run. Three situations, each for both players:
//  - cold, bare click: a fresh browser context (empty HTTP cache) and Playwright's click (the pointer
//    arrives and presses within a few milliseconds).
//  - cold, a person's click: fresh context, but the pointer rests on the button for --dwell-ms
//    (default 200 ms) first — resting is when the player starts fetching hls.js.
//  - warm, bare click (a returning listener): the same context opened the page and played once
//    before, so hls.js (and, on either side, whatever the HTTP cache kept of the audio) comes from
//    the cache; then a new page, and a bare click.
// The LAST line is the cold bare-click ratio, the one the issue's goal (≤ 1.2) is judged by here:
// startup_hls_over_progressive=<ratio>. The other two are printed above it, labelled.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from '@playwright/test';
import { loadConfig } from '../src/lib/server/config';
import { createMediaStore } from '../src/lib/server/media/media-store';
import { ffmpegSync } from '../tests/helpers/audio';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium';
import { startBuiltServer, freePort } from './built-server';

const args = process.argv.slice(2);
const runs = Math.max(10, Number(args[args.indexOf('--runs') + 1]) || 12);
const dwellArg = args.indexOf('--dwell-ms');
const dwellMs = dwellArg >= 0 ? Math.max(0, Number(args[dwellArg + 1]) || 0) : 200;
const preloadArg = args.indexOf('--preload');
const preload = preloadArg >= 0 ? args[preloadArg + 1] : 'metadata';
if (preload !== 'metadata' && preload !== 'none') throw new Error('--preload takes metadata or none');

const PROGRESSIVE_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>progressive</title></head>
<body><button type="button" id="play">Play</button><audio id="audio" preload="${preload}" src="/track.m4a"></audio>
<script>document.getElementById('play').addEventListener('click', () => document.getElementById('audio').play());</script>
</body></html>`;

/** A static server for the progressive page and file: Range requests, as any web server does them. */
async function startStaticServer(file: string) {
	const size = fs.statSync(file).size;
	const server = http.createServer((request, response) => {
		if (request.url === '/') {
			response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PROGRESSIVE_PAGE);
			return;
		}
		if (request.url !== '/track.m4a') {
			response.writeHead(404).end();
			return;
		}
		const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '');
		if (!range) {
			response.writeHead(200, {
				'content-type': 'audio/mp4',
				'content-length': size,
				'accept-ranges': 'bytes'
			});
			fs.createReadStream(file).pipe(response);
			return;
		}
		const start = range[1] ? Number(range[1]) : size - Number(range[2]);
		const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
		response.writeHead(206, {
			'content-type': 'audio/mp4',
			'content-length': end - start + 1,
			'content-range': `bytes ${start}-${end}/${size}`,
			'accept-ranges': 'bytes'
		});
		fs.createReadStream(file, { start, end }).pipe(response);
	});
	const port = await freePort();
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Milliseconds from the press (pointerdown, or the click without one) to the element's first `playing`. */
async function pressToPlaying(page: Page, click: () => Promise<void>): Promise<number> {
	await page.evaluate(() => {
		const marks: Record<string, number> = {};
		(window as unknown as { startupMarks: Record<string, number> }).startupMarks = marks;
		for (const type of ['pointerdown', 'click'])
			document.addEventListener(type, () => (marks.click ??= performance.now()), { capture: true });
		document.addEventListener('playing', () => (marks.playing ??= performance.now()), { capture: true });
	});
	await click();
	const handle = await page.waitForFunction(
		() => {
			const marks = (window as unknown as { startupMarks: Record<string, number> }).startupMarks;
			return marks.playing !== undefined && marks.click !== undefined ? marks.playing - marks.click : null;
		},
		null,
		{ timeout: 30_000 }
	);
	return (await handle.jsonValue()) as number;
}

async function press(page: Page, button: Locator, dwell: number): Promise<void> {
	if (dwell > 0) {
		await button.hover();
		await page.waitForTimeout(dwell);
	}
	await button.click();
}

/** A context that has visited `url` and played once through `button` (a returning listener). */
async function warmContext(browser: Browser, url: string, button: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(url, { waitUntil: 'networkidle' });
	await pressToPlaying(page, () => page.getByRole('button', { name: button, exact: true }).click());
	await page.waitForTimeout(500);
	await page.close();
	return context;
}

async function hlsRun(
	browser: Browser,
	origin: string,
	releaseId: string,
	dwell: number,
	warm = false
): Promise<number> {
	const context = warm
		? await warmContext(browser, `${origin}/releases/${releaseId}`, 'Play all')
		: await browser.newContext();
	try {
		const page = await context.newPage();
		await page.goto(`${origin}/releases/${releaseId}`, { waitUntil: 'networkidle' });
		const button = page.getByRole('button', { name: 'Play all' });
		const ms = await pressToPlaying(page, () => press(page, button, dwell));
		const error = await page.getByRole('contentinfo', { name: 'Player' }).getAttribute('data-error');
		if (error) throw new Error(`the player failed: ${error}`);
		return ms;
	} finally {
		await context.close();
	}
}

async function progressiveRun(
	browser: Browser,
	origin: string,
	dwell: number,
	warm = false
): Promise<number> {
	const context = warm ? await warmContext(browser, `${origin}/`, 'Play') : await browser.newContext();
	try {
		const page = await context.newPage();
		await page.goto(`${origin}/`, { waitUntil: 'networkidle' });
		const button = page.getByRole('button', { name: 'Play' });
		return await pressToPlaying(page, () => press(page, button, dwell));
	} finally {
		await context.close();
	}
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main(): Promise<void> {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-startup-'));
	const dataDir = path.join(work, 'data');
	fs.mkdirSync(dataDir);
	const server = await startBuiltServer(dataDir);
	let staticServer: Awaited<ReturnType<typeof startStaticServer>> | null = null;
	let browser: Browser | null = null;
	try {
		console.log('seeding a 60 s track through the real media worker…');
		process.env.SHOAL_E2E_DATA_DIR = dataDir;
		const { seedPublishedRelease } = await import('../tests/e2e/seed');
		const seeded = await seedPublishedRelease({ label: 'bench', trackTitles: ['Startup'], seconds: 60 });

		const store = createMediaStore(loadConfig({ DATA_DIR: dataDir }).mediaDir);
		const m4a = path.join(work, 'track.m4a');
		ffmpegSync([
			'-v',
			'error',
			'-i',
			store.pathOf(store.originalKey(seeded.trackIds[0])),
			'-map',
			'0:a:0',
			'-c:a',
			'aac',
			'-b:a',
			'128k',
			'-movflags',
			'+faststart',
			'-y',
			m4a
		]);
		staticServer = await startStaticServer(m4a);

		browser = await chromium.launch({
			executablePath: CHROMIUM_PATH,
			args: CHROMIUM_ARGS
		});
		// One unmeasured round of each: the server's and the browser's first-use costs are not startup.
		await hlsRun(browser, server.origin, seeded.releaseId, 0);
		await progressiveRun(browser, staticServer.origin, 0);

		console.log(
			`before the press: Shoal's page fetches its playlists; the progressive <audio> has preload="${preload}"` +
				(preload === 'metadata' ? " (Chromium's default)" : ' (the baseline fetches nothing)')
		);
		const results: Record<string, number[]> = {};
		const kinds = [
			{ name: 'hls', dwell: 0, warm: false },
			{ name: 'progressive', dwell: 0, warm: false },
			{ name: 'hls', dwell: dwellMs, warm: false },
			{ name: 'progressive', dwell: dwellMs, warm: false },
			{ name: 'hls', dwell: 0, warm: true },
			{ name: 'progressive', dwell: 0, warm: true }
		];
		for (let run = 1; run <= runs; run++) {
			// Interleaved, and the order flips every run so neither kind always goes first.
			const order = run % 2 ? kinds : [...kinds].reverse();
			const line: string[] = [];
			for (const kind of order) {
				const ms =
					kind.name === 'hls'
						? await hlsRun(browser, server.origin, seeded.releaseId, kind.dwell, kind.warm)
						: await progressiveRun(browser, staticServer.origin, kind.dwell, kind.warm);
				const label = `${kind.name}_${kind.warm ? 'warm' : 'cold'}${kind.dwell ? `_dwell${kind.dwell}` : ''}`;
				(results[label] ??= []).push(ms);
				line.push(`${label} ${ms.toFixed(1)}`);
			}
			console.log(`run ${run}: ${line.join(', ')} ms`);
		}
		const medianOf = (label: string) => median(results[label] ?? []);
		const ratio = (name: string) => medianOf(`hls_${name}`) / medianOf(`progressive_${name}`);
		const verdict = (value: number) => (value <= 1.2 ? 'meets the goal ≤ 1.2' : 'above the goal 1.2');
		for (const label of Object.keys(results).sort())
			console.log(`${label}_median_ms=${medianOf(label).toFixed(1)}`);
		const cold = ratio('cold');
		const dwell = dwellMs ? ratio(`cold_dwell${dwellMs}`) : cold;
		const warm = ratio('warm');
		console.log(
			`cold cache, person's click (${dwellMs} ms on the button): ${dwell.toFixed(3)} (${verdict(dwell)})`
		);
		console.log(`warm cache (returning listener), bare click: ${warm.toFixed(3)} (${verdict(warm)})`);
		console.log(
			`cold cache, bare click: ${cold.toFixed(3)} (${verdict(cold)}); baseline preload="${preload}"`
		);
		console.log(`startup_hls_over_progressive_person_click=${dwell.toFixed(3)}`);
		console.log(`startup_hls_over_progressive_warm_bare_click=${warm.toFixed(3)}`);
		console.log(`startup_hls_over_progressive=${cold.toFixed(3)}`);
	} finally {
		await browser?.close();
		await staticServer?.close();
		await server.stop();
		fs.rmSync(work, { recursive: true, force: true });
	}
}

await main();
