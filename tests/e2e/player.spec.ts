import { expect, test, type Locator, type Page } from '@playwright/test';
import { gotoHydrated } from './helpers';
import { seedPublishedRelease, type SeededRelease } from './seed';

/**
 * The persistent player, in Chromium against the built server: real HLS ladders made by the media
 * worker, hls.js, the <audio> element. Audio progress is read from the element itself.
 */

let release: SeededRelease;
let shortRelease: SeededRelease;

test.beforeAll(async () => {
	test.setTimeout(240_000);
	release = await seedPublishedRelease({ label: 'player', trackTitles: ['Harbour Lights', 'Low Water'] });
	shortRelease = await seedPublishedRelease({
		label: 'short',
		trackTitles: ['Brief Swell', 'After Swell'],
		// Shorter than one 6 s segment: the fast start holds the whole track before hls.js takes over.
		seconds: 4
	});
});

/** Every console message that mentions the Content Security Policy: hls.js must not trip it. */
function watchCsp(page: Page): string[] {
	const violations: string[] = [];
	page.on('console', (message) => {
		if (/content security policy/i.test(message.text())) violations.push(message.text());
	});
	return violations;
}

const bar = (page: Page) => page.getByRole('contentinfo', { name: 'Player' });
const currentTime = (page: Page) => page.evaluate(() => document.querySelector('audio')?.currentTime ?? -1);
const isPaused = (page: Page) => page.evaluate(() => document.querySelector('audio')?.paused ?? true);

async function expectNoPlayerError(player: Locator) {
	await expect(player).not.toHaveAttribute('data-error');
}

async function playAll(page: Page, seeded: SeededRelease) {
	await gotoHydrated(page, `/releases/${seeded.releaseId}`);
	await page.getByRole('button', { name: 'Play all' }).click();
	await expect(bar(page).getByRole('link', { name: seeded.trackTitles[0] })).toBeVisible();
}

test('a listener plays a release, moves around the app while it plays, skips and pauses', async ({
	page
}) => {
	const csp = watchCsp(page);
	await playAll(page, release);
	await expect.poll(() => currentTime(page), { timeout: 20_000 }).toBeGreaterThan(3);
	await expectNoPlayerError(bar(page));
	// The lock screen / media keys know what is playing.
	expect(
		await page.evaluate(() => {
			const metadata = navigator.mediaSession.metadata;
			return [metadata?.title, metadata?.artist, metadata?.album];
		})
	).toEqual([release.trackTitles[0], release.artistName, release.releaseTitle]);

	// Client-side navigation (the bar's artist link): the same element keeps playing.
	await page.evaluate(() => {
		(window as unknown as { audioBefore: unknown }).audioBefore = document.querySelector('audio');
	});
	const before = await currentTime(page);
	await bar(page).getByRole('link', { name: release.artistName }).click();
	await expect(page).toHaveURL(new RegExp(`/@${release.handle}$`));
	await expect(page.getByRole('heading', { level: 1, name: release.artistName })).toBeVisible();
	await expect.poll(() => currentTime(page), { timeout: 10_000 }).toBeGreaterThan(before + 1);
	// Past the first 6 s segment (the fast start's): hls.js took over and keeps the buffer ahead.
	await expect.poll(() => currentTime(page), { timeout: 15_000 }).toBeGreaterThan(7);
	await expectNoPlayerError(bar(page));
	expect(
		await page.evaluate(
			() => (window as unknown as { audioBefore: unknown }).audioBefore === document.querySelector('audio')
		)
	).toBe(true);

	// Next: the second track of the queue starts.
	await bar(page).getByRole('button', { name: 'Next' }).click();
	await expect(bar(page).getByRole('link', { name: release.trackTitles[1] })).toBeVisible();
	await expect.poll(() => currentTime(page), { timeout: 20_000 }).toBeGreaterThan(1);
	await expectNoPlayerError(bar(page));

	// Space toggles pause (with nothing focused that would take the key itself).
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	await page.keyboard.press('Space');
	await expect.poll(() => isPaused(page)).toBe(true);
	await expect(bar(page).getByRole('button', { name: 'Play', exact: true })).toBeVisible();
	const pausedAt = await currentTime(page);
	await page.keyboard.press('Space');
	await expect.poll(() => isPaused(page)).toBe(false);
	await expect.poll(() => currentTime(page), { timeout: 10_000 }).toBeGreaterThan(pausedAt + 0.5);
	expect(csp).toEqual([]);
});

test('the waveform on the track page seeks to where it is clicked', async ({ page }) => {
	await gotoHydrated(page, `/tracks/${release.trackIds[0]}`);
	const waveform = page.getByRole('slider', { name: `Seek in ${release.trackTitles[0]}` });
	await expect(waveform).toBeVisible();
	const box = await waveform.boundingBox();
	if (!box) throw new Error('the waveform has no box');
	// Not playing yet: the click starts the track at that point.
	await waveform.click({ position: { x: box.width / 2, y: box.height / 2 } });
	await expect.poll(() => currentTime(page), { timeout: 20_000 }).toBeGreaterThan(9);
	expect(await currentTime(page)).toBeLessThan(16);
	await expect(waveform).toHaveAttribute('aria-valuenow', /^(9|1\d)$/);

	// While it plays, a click near the start seeks back.
	await waveform.click({ position: { x: box.width * 0.1, y: box.height / 2 } });
	await expect.poll(() => currentTime(page), { timeout: 10_000 }).toBeLessThan(6);
	await expectNoPlayerError(bar(page));

	// And the keyboard: it is a slider, arrows seek by 5 s.
	await waveform.focus();
	const from = await currentTime(page);
	await page.keyboard.press('ArrowRight');
	await expect.poll(() => currentTime(page)).toBeGreaterThan(from + 4);
});

test('a seek straight after pressing play lands past the first segment and plays on', async ({ page }) => {
	await gotoHydrated(page, `/tracks/${release.trackIds[0]}`);
	const waveform = page.getByRole('slider', { name: `Seek in ${release.trackTitles[0]}` });
	const box = await waveform.boundingBox();
	if (!box) throw new Error('the waveform has no box');
	// Before hls.js has taken over from the fast start (which holds only the first 6 s).
	await page.getByRole('button', { name: `Play ${release.trackTitles[0]}`, exact: true }).click();
	await waveform.click({ position: { x: box.width * 0.75, y: box.height / 2 } });
	await expect.poll(() => currentTime(page), { timeout: 20_000 }).toBeGreaterThan(15.5);
	expect(await isPaused(page)).toBe(false);
	await expectNoPlayerError(bar(page));
});

test('a reload restores the track at its position, paused, and play resumes from there', async ({ page }) => {
	await playAll(page, release);
	await expect.poll(() => currentTime(page), { timeout: 20_000 }).toBeGreaterThan(4);
	await bar(page).getByRole('button', { name: 'Pause' }).click();
	await expect.poll(() => isPaused(page)).toBe(true);
	const savedAt = await currentTime(page);

	await page.reload();
	await expect(bar(page).getByRole('link', { name: release.trackTitles[0] })).toBeVisible();
	const seek = bar(page).getByRole('slider', { name: 'Seek' });
	await expect
		.poll(async () => Number(await seek.inputValue()))
		.toBeGreaterThanOrEqual(Math.floor(savedAt) - 1);
	expect(await isPaused(page)).toBe(true);

	await bar(page).getByRole('button', { name: 'Play', exact: true }).click();
	await expect
		.poll(() => page.evaluate(() => document.querySelector('audio')?.played.length ?? 0), { timeout: 20_000 })
		.toBeGreaterThan(0);
	// It continues from where it was, never from the start.
	await expect.poll(() => currentTime(page), { timeout: 20_000 }).toBeGreaterThan(savedAt + 1);
	expect(await page.evaluate(() => document.querySelector('audio')?.played.start(0) ?? -1)).toBeGreaterThan(
		savedAt - 1
	);
	await expectNoPlayerError(bar(page));
});

test('the queue plays on by itself and can be reordered and cleared', async ({ page }) => {
	await playAll(page, shortRelease);
	// The first track is 4 s long: the second follows without anyone pressing anything.
	await expect(bar(page).getByRole('link', { name: shortRelease.trackTitles[1] })).toBeVisible({
		timeout: 30_000
	});
	await expect.poll(() => currentTime(page), { timeout: 20_000 }).toBeGreaterThan(0.5);
	await expectNoPlayerError(bar(page));

	await bar(page).getByRole('button', { name: 'Queue' }).click();
	const queue = bar(page).getByRole('region', { name: 'Queue' });
	const titles = () => queue.getByRole('listitem').allInnerTexts();
	await expect
		.poll(titles)
		.toEqual([
			expect.stringContaining(shortRelease.trackTitles[0]),
			expect.stringContaining(shortRelease.trackTitles[1])
		]);
	await queue.getByRole('button', { name: `Move ${shortRelease.trackTitles[0]} down` }).click();
	await expect
		.poll(titles)
		.toEqual([
			expect.stringContaining(shortRelease.trackTitles[1]),
			expect.stringContaining(shortRelease.trackTitles[0])
		]);
	// The moved track is still the current one.
	await expect(queue.locator('[aria-current="true"]')).toContainText(shortRelease.trackTitles[1]);
	await queue.getByRole('button', { name: 'Clear queue' }).click();
	await expect.poll(titles).toEqual([expect.stringContaining(shortRelease.trackTitles[1])]);
});

test('an expired signature is renewed before playing; a track that is gone is dropped', async ({ page }) => {
	// A stored session whose first item's signature has expired and whose second item no longer exists.
	await gotoHydrated(page, `/releases/${release.releaseId}`);
	const playable = await (await page.request.get(`/api/tracks/${release.trackIds[1]}/playable`)).json();
	await page.evaluate(
		([track]) => {
			const expired = { ...track, src: `${track.src}?exp=1&sig=${'A'.repeat(43)}`, srcExpiresAt: 1 };
			const gone = { ...expired, id: 'no-such-track', title: 'Gone Track' };
			localStorage.setItem(
				'shoal.player',
				JSON.stringify({
					v: 1,
					queue: [gone, expired],
					index: 0,
					unshuffled: null,
					position: 0,
					volume: 1,
					muted: false,
					normalise: true,
					lossless: false,
					shuffle: false,
					repeat: 'off'
				})
			);
		},
		[playable]
	);
	await page.reload();
	await expect(bar(page).getByRole('link', { name: 'Gone Track' })).toBeVisible();
	const renewed = page.waitForRequest((request) =>
		request.url().endsWith(`/api/tracks/${release.trackIds[1]}/playable`)
	);
	await bar(page).getByRole('button', { name: 'Play', exact: true }).click();
	// The gone track is dropped with a sentence; the expired one is renewed and plays.
	await expect(bar(page).getByRole('status')).toContainText('no longer available');
	await renewed;
	await expect(bar(page).getByRole('link', { name: release.trackTitles[1] })).toBeVisible();
	await expect.poll(() => currentTime(page), { timeout: 20_000 }).toBeGreaterThan(1);
	await expect(bar(page).getByRole('link', { name: 'Gone Track' })).toHaveCount(0);
});

test('on a phone the player bar never hides the end of a page', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await playAll(page, release);
	const lastLine = page.getByRole('main').locator('p, dd, li, a').last();
	await expect(async () => {
		await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
		const [content, player] = await Promise.all([lastLine.boundingBox(), bar(page).boundingBox()]);
		expect(content && player && content.y + content.height).toBeLessThanOrEqual(player?.y ?? 0);
	}).toPass();
	// The controls stay reachable in the narrow layout.
	for (const name of ['Pause', 'Next', 'Shuffle', 'Mute', 'Queue']) {
		await expect(bar(page).getByRole('button', { name, exact: true })).toBeVisible();
	}
	// The Lossless switch too (only the volume slider gives way to the device's own).
	await expect(bar(page).getByRole('switch', { name: 'Lossless' })).toBeVisible();
});

test('the Lossless switch moves playback to the FLAC rung and back to AAC', async ({ page }) => {
	test.setTimeout(180_000);
	// Long enough that neither rung can be wholly buffered before the switch is pressed.
	const lossless = await seedPublishedRelease({
		label: 'lossless',
		trackTitles: ['Deep Water'],
		seconds: 60
	});
	const media: string[] = [];
	page.on('request', (request) => {
		const url = new URL(request.url());
		if (url.pathname.startsWith('/media/tracks/')) media.push(url.pathname);
	});
	const flacRequests = () => media.filter((url) => url.includes('/flac/'));
	const aacRequests = () => media.filter((url) => /\/aac_\d+k\/.+\.(mp4|m4s)$/.test(url));

	await playAll(page, lossless);
	await expect.poll(() => currentTime(page), { timeout: 20_000 }).toBeGreaterThan(2);
	expect(flacRequests()).toEqual([]);
	expect(aacRequests().length).toBeGreaterThan(0);

	const toggle = bar(page).getByRole('switch', { name: 'Lossless' });
	await expect(toggle).not.toBeChecked();
	await toggle.check();
	await expect(toggle).toBeChecked();
	// The FLAC rung's playlist, init section and segments are fetched…
	await expect
		.poll(() => flacRequests().filter((url) => /\.(mp4|m4s)$/.test(url)).length, { timeout: 20_000 })
		.toBeGreaterThanOrEqual(2);
	// …and played: the sound goes on past the switch without an error.
	const atSwitch = await currentTime(page);
	await expect.poll(() => currentTime(page), { timeout: 20_000 }).toBeGreaterThan(atSwitch + 3);
	expect(await isPaused(page)).toBe(false);
	await expectNoPlayerError(bar(page));

	// Off again: back to the AAC rungs.
	const aacBefore = aacRequests().length;
	await toggle.uncheck();
	await expect(toggle).not.toBeChecked();
	await expect.poll(() => aacRequests().length, { timeout: 20_000 }).toBeGreaterThan(aacBefore);
	const flacBefore = flacRequests().length;
	const atSwitchBack = await currentTime(page);
	await expect.poll(() => currentTime(page), { timeout: 20_000 }).toBeGreaterThan(atSwitchBack + 2);
	expect(await isPaused(page)).toBe(false);
	await expectNoPlayerError(bar(page));
	// Nothing more is fetched from the FLAC rung.
	expect(flacRequests().length).toBe(flacBefore);
});

test('with Lossless on, a track starts on the FLAC rung and plays on past its first segment', async ({
	page
}) => {
	const requests: string[] = [];
	page.on('request', (request) => requests.push(new URL(request.url()).pathname));
	await playAll(page, release);
	await bar(page).getByRole('switch', { name: 'Lossless' }).check();

	const second = release.trackIds[1];
	await page.getByRole('button', { name: `Play ${release.trackTitles[1]}`, exact: true }).click();
	await expect(bar(page).getByRole('link', { name: release.trackTitles[1] })).toBeVisible();
	await expect.poll(() => currentTime(page), { timeout: 20_000 }).toBeGreaterThan(7);
	expect(await isPaused(page)).toBe(false);
	await expectNoPlayerError(bar(page));
	const audio = requests.filter((path) => path.includes(`/${second}/`) && /\.(mp4|m4s)$/.test(path));
	expect(audio[0]).toMatch(/\/flac\/init_\d+\.mp4$/);
	expect(audio.filter((path) => /\/aac_\d+k\//.test(path))).toEqual([]);
});
