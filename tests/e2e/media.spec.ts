import { expect, test, type APIRequestContext } from '@playwright/test';
import { loadConfig } from '../../src/lib/server/config';
import { createAppContext } from '../../src/lib/server/context';
import { createLogger } from '../../src/lib/server/logger';
import type { PlayableTrack } from '../../src/lib/shared/playable';
import { signUp, uniquePerson } from './helpers';
import { seedPublishedRelease, type SeededRelease } from './seed';

// The production server mounts the media route beside SvelteKit; these requests go through it.

let published: SeededRelease;
let draft: SeededRelease;
test.beforeAll(async () => {
	test.setTimeout(240_000);
	published = await seedPublishedRelease({ label: 'mediapub', trackTitles: ['Open Water'], seconds: 8 });
	draft = await seedPublishedRelease({
		label: 'mediadraft',
		trackTitles: ['Not Yet'],
		seconds: 8,
		publish: false
	});
});

/** Straight into the e2e server's database, like the seeder: there is no admin UI to do it. */
function makeAdmin(email: string): void {
	const config = loadConfig({ ...process.env, DATA_DIR: process.env.SHOAL_E2E_DATA_DIR, SHOAL_DEMO: '0' });
	const context = createAppContext(config, {
		logger: createLogger({ logLevel: 'silent', logFormat: 'json' })
	});
	try {
		context.repositories.users.setAdmin(email, true);
	} finally {
		context.close();
	}
}

const lines = (text: string) =>
	text
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line && !line.startsWith('#'));

/** Fetches the master playlist, one rung playlist and its first segment from a playable src. */
async function fetchLadder(request: APIRequestContext, src: string) {
	const master = await request.get(src);
	expect(master.status()).toBe(200);
	expect(master.headers()['content-type']).toBe('application/vnd.apple.mpegurl');
	const base = new URL(src, 'http://x').pathname.replace(/master\.m3u8$/, '');
	const variant = lines(await master.text())[0];
	const rung = await request.get(`${base}${variant}`);
	expect(rung.status()).toBe(200);
	const rungBase = `${base}${variant.replace(/index\.m3u8.*$/, '')}`;
	const segment = await request.get(`${rungBase}${lines(await rung.text())[0]}`, {
		headers: { Range: 'bytes=0-99' }
	});
	expect(segment.status()).toBe(206);
	expect(segment.headers()['content-type']).toBe('audio/mp4');
	expect((await segment.body()).length).toBe(100);
	return { master, segment };
}

test('anyone gets a published track’s playable view, and its media from the same server', async ({
	request
}) => {
	const res = await request.get(`/api/tracks/${published.trackIds[0]}/playable`);
	expect(res.status()).toBe(200);
	expect(res.headers()['cache-control']).toBe('private, no-store');
	const track = (await res.json()) as PlayableTrack;
	expect(track).toMatchObject({
		id: published.trackIds[0],
		title: 'Open Water',
		artistHandle: published.handle,
		releaseTitle: published.releaseTitle,
		lossless: true,
		srcExpiresAt: null
	});
	expect(track.src).toMatch(/^\/media\/tracks\/[\w-]+\/v[\w-]+\/master\.m3u8$/);
	const { master, segment } = await fetchLadder(request, track.src);
	expect(master.headers()['cache-control']).toBe('public, max-age=60');
	expect(segment.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
});

test('a draft, an unknown id and a malformed id answer the same 404', async ({ request }) => {
	const answers = await Promise.all(
		[draft.trackIds[0], 'NoSuchTrack000000000', '..%2F..%2Fetc'].map((id) =>
			request.get(`/api/tracks/${id}/playable`)
		)
	);
	for (const res of answers) {
		expect(res.status()).toBe(404);
		expect(await res.json()).toEqual({ message: 'This track is not available to play.' });
	}
});

test('an admin gets a draft signed for them, and only their session can use it', async ({
	page,
	browser,
	baseURL
}) => {
	const person = uniquePerson('mediaadmin');
	await signUp(page, person);
	makeAdmin(person.email);
	const res = await page.request.get(`/api/tracks/${draft.trackIds[0]}/playable`);
	expect(res.status()).toBe(200);
	const track = (await res.json()) as PlayableTrack;
	expect(track.srcExpiresAt).toBeGreaterThan(Date.now());
	expect(track.src).toMatch(/\/master\.m3u8\?exp=\d+&sig=[\w-]{43}$/);
	const { master } = await fetchLadder(page.request, track.src);
	expect(master.headers()['cache-control']).toBe('private, no-store');
	// Every rung the master names carries the signature (and there are rungs to check).
	const uris = lines(await master.text());
	expect(uris.length).toBeGreaterThan(0);
	for (const uri of uris) expect(uri).toContain('&sig=');

	// The same URL in a browser that is not signed in: a borrowed link.
	const stranger = await browser.newContext();
	try {
		const borrowed = await stranger.request.get(new URL(track.src, baseURL).href);
		expect(borrowed.status()).toBe(403);
		const unsigned = await stranger.request.get(new URL(track.src.replace(/\?.*$/, ''), baseURL).href);
		expect(unsigned.status()).toBe(404);
	} finally {
		await stranger.close();
	}
});

test('hls.js in Chromium plays a draft through its signed playlists', async ({ browser }) => {
	// hls.js is injected as a script tag (the page's CSP rightly forbids that; this test is about media).
	const context = await browser.newContext({ bypassCSP: true });
	const page = await context.newPage();
	try {
		const person = uniquePerson('mediahls');
		await signUp(page, person);
		makeAdmin(person.email);
		const track = (await (
			await page.request.get(`/api/tracks/${draft.trackIds[0]}/playable`)
		).json()) as PlayableTrack;
		await page.addScriptTag({ path: 'node_modules/hls.js/dist/hls.light.min.js' });
		const requested: URL[] = [];
		page.on('request', (request) => {
			if (request.url().includes('/media/')) requested.push(new URL(request.url()));
		});
		await page.evaluate((src) => {
			type HlsLike = {
				loadSource(url: string): void;
				attachMedia(media: HTMLMediaElement): void;
				on(event: string, listener: (event: string, data: { fatal: boolean; details: string }) => void): void;
			};
			const Hls = (window as unknown as { Hls: { new (config: object): HlsLike; Events: { ERROR: string } } })
				.Hls;
			const audio = document.createElement('audio');
			audio.id = 'probe';
			document.body.append(audio);
			const hls = new Hls({ maxMaxBufferLength: 60 });
			hls.on(Hls.Events.ERROR, (_event, data) => {
				if (data.fatal) audio.dataset.fatal = data.details;
			});
			hls.loadSource(src);
			hls.attachMedia(audio);
			void audio.play();
		}, track.src);
		await expect
			.poll(() => page.evaluate(() => (document.getElementById('probe') as HTMLAudioElement).currentTime), {
				timeout: 30_000
			})
			.toBeGreaterThan(2);
		expect(await page.evaluate(() => document.getElementById('probe')?.dataset.fatal ?? null)).toBeNull();
		// Every media request, init sections and segments included, carried the signature.
		const files = requested.map((url) => url.pathname.split('/').at(-1));
		expect(files).toContain('master.m3u8');
		expect(files.some((file) => file?.startsWith('init_'))).toBe(true);
		expect(files.some((file) => file?.endsWith('.m4s'))).toBe(true);
		for (const url of requested) expect(url.search).toMatch(/^\?exp=\d+&sig=[\w-]{43}$/);
	} finally {
		await context.close();
	}
});
