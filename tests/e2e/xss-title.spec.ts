import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { becomeArtist, gotoHydrated } from './helpers';

/**
 * A track title is whatever an uploaded file's ID3 tag says. Here the tag is markup meant to break out
 * of text, of an attribute and of <title>; the file goes through the real upload and media worker, and
 * every page that shows the title (server-rendered and after hydration), the player bar, the search
 * suggestions and the share meta tags must show it as text, run nothing and inject no element.
 */

const MARK = 'Skerrywhistle';
const TAG = 'skerrytag';
const TITLE = `${MARK} <img src=x onerror="window.__xss='img'"> "><script>window.__xss='script'</script> </title><script>window.__xss='title'</script>`;

let dir: string;
let payloadMp3: string;

test.beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-xss-e2e-'));
	payloadMp3 = path.join(dir, 'payload.mp3');
	const made = spawnSync('/usr/bin/ffmpeg', [
		'-nostdin',
		'-v',
		'error',
		'-f',
		'lavfi',
		'-i',
		'sine=frequency=523:sample_rate=44100:duration=4',
		'-c:a',
		'libmp3lame',
		'-id3v2_version',
		'3',
		'-metadata',
		`title=${TITLE}`,
		'-y',
		payloadMp3
	]);
	if (made.status !== 0) throw new Error(`ffmpeg failed: ${made.stderr}`);
});

test.afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Inspection {
	injectedImages: number;
	injectedScripts: number;
	flag: unknown;
	bodyText: string;
	title: string;
	meta: Record<string, string | null>;
}

/** What a document holds that the payload could have made: run in the browser on a parsed or live document. */
function inspect(html: string | null): Inspection {
	const doc = html === null ? document : new DOMParser().parseFromString(html, 'text/html');
	const meta = (selector: string) => doc.querySelector(selector)?.getAttribute('content') ?? null;
	return {
		injectedImages: doc.querySelectorAll('img[src="x"], img[onerror]').length,
		// A script element the payload made holds exactly its code (SvelteKit's data script holds the
		// title too, as an escaped string, which is fine).
		injectedScripts: [...doc.querySelectorAll('script')].filter((s) =>
			s.textContent?.trim().startsWith('window.__xss')
		).length,
		flag: (window as unknown as { __xss?: unknown }).__xss,
		bodyText: doc.body.textContent ?? '',
		title: doc.title,
		meta: {
			ogTitle: meta('meta[property="og:title"]'),
			twitterTitle: meta('meta[name="twitter:title"]'),
			description: meta('meta[name="description"]')
		}
	};
}

function expectInert(seen: Inspection) {
	expect(seen.injectedImages).toBe(0);
	expect(seen.injectedScripts).toBe(0);
	expect(seen.flag).toBeUndefined();
}

/** The page as the server sent it (parsed, scripts off) and as it is once hydrated. */
async function bothWays(page: Page, url: string): Promise<{ served: Inspection; live: Inspection }> {
	const html = await (await page.request.get(url)).text();
	const served = await page.evaluate(inspect, html);
	await gotoHydrated(page, url);
	const live = await page.evaluate(inspect, null);
	expectInert(served);
	expectInert(live);
	return { served, live };
}

test('markup in an ID3 title is text on every page, in the player, in suggestions and in share tags', async ({
	page
}) => {
	test.setTimeout(240_000);
	const dialogs: string[] = [];
	page.on('dialog', (dialog) => {
		dialogs.push(dialog.message());
		void dialog.dismiss();
	});

	// Upload through the studio: the real upload route and media worker take the title from the tag.
	const { handle, name } = await becomeArtist(page, 'xss');
	await gotoHydrated(page, '/studio/releases/new');
	await page.getByLabel('Title').fill('Harmless Harbour');
	await page.getByLabel('Type').selectOption('single');
	await page.getByLabel('Tags').fill(TAG);
	await page.getByRole('button', { name: 'Create release' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Harmless Harbour' })).toBeVisible();
	const editor = new URL(page.url()).pathname;
	const releaseId = editor.split('/').pop()!;

	await page.getByLabel('Add audio files').setInputFiles(payloadMp3);
	const row = page
		.getByRole('region', { name: 'Tracks' })
		.getByRole('listitem')
		.filter({ hasText: 'payload.mp3' });
	await expect(row.getByText('Ready', { exact: true })).toBeVisible({ timeout: 120_000 });
	await expect(row.getByLabel('Track title')).toHaveValue(TITLE);
	await page.getByRole('button', { name: 'Publish now' }).click();
	await expect(page.getByText('Published. Listeners can find it on your artist page.')).toBeVisible();

	// Play it through the player bar (its 4 s are heard past half, so it is counted: trending, top
	// tracks and history then show it too).
	await bothWays(page, `/releases/${releaseId}`);
	const trackHref = await page.getByRole('link', { name: TITLE }).getAttribute('href');
	const trackId = trackHref!.split('/').pop()!;
	await page.getByRole('button', { name: 'Play all' }).click();
	const bar = page.getByRole('contentinfo', { name: 'Player' });
	await expect(bar.getByRole('link', { name: TITLE })).toBeVisible();
	await expect(bar).toContainText(TITLE);
	expectInert(await page.evaluate(inspect, null));
	await expect
		.poll(async () => (await (await page.request.get(`/tracks/${trackId}`)).text()).includes('>1 play<'), {
			timeout: 60_000
		})
		.toBe(true);

	// Every page that shows the title: as text, served and live.
	const showing = [
		`/releases/${releaseId}`,
		`/tracks/${trackId}`,
		`/@${handle}`,
		'/',
		`/search?q=${MARK}`,
		'/history',
		editor
	];
	for (const url of showing) {
		const { served, live } = await bothWays(page, url);
		expect(served.bodyText, url).toContain(TITLE);
		expect(live.bodyText, url).toContain(TITLE);
	}
	await expect(page.getByRole('region', { name: 'Tracks' }).getByLabel('Track title')).toHaveValue(TITLE);
	// Pages that list the release but not its tracks: nothing of the title may run there either.
	await bothWays(page, `/tags/${TAG}`);
	await bothWays(page, '/studio');

	// Share tags and the tab title on the track page: the attribute holds the whole title, escaped.
	const { served, live } = await bothWays(page, `/tracks/${trackId}`);
	const shareTitle = `${TITLE} by ${name}`;
	for (const seen of [served, live]) {
		expect(seen.title).toBe(`${shareTitle} · Shoal`);
		expect(seen.meta.ogTitle).toBe(shareTitle);
		expect(seen.meta.twitterTitle).toBe(shareTitle);
	}

	// Suggestions as the name is typed.
	await gotoHydrated(page, '/');
	await page.getByRole('combobox', { name: 'Search Shoal' }).fill(MARK.slice(0, 8));
	const option = page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option', { name: TITLE });
	await expect(option).toBeVisible();
	await expect(option).toContainText(TITLE);
	expectInert(await page.evaluate(inspect, null));

	expect(dialogs).toEqual([]);
});
