import { expect, test, type Page } from '@playwright/test';
import { gotoHydrated } from './helpers';
import { seedPublishedRelease, type SeededRelease } from './seed';

/**
 * The play rule is written twice: the player reports once enough was heard (src/lib/player/play-count.ts)
 * and the server counts a report that says so (src/lib/server/listen/play-service.ts). Here they meet:
 * real listening in Chromium to tracks the real worker processed, and the count the server shows.
 */

const SECONDS = 10;
/** Half of a 10 s track: the threshold both sides use for tracks shorter than a minute. */
const THRESHOLD = SECONDS / 2;
let seeded: SeededRelease;

test.beforeAll(async () => {
	test.setTimeout(180_000);
	seeded = await seedPublishedRelease({
		label: 'counted',
		trackTitles: ['Stopped Early', 'Heard Through'],
		seconds: SECONDS
	});
});

const bar = (page: Page) => page.getByRole('contentinfo', { name: 'Player' });
const currentTime = (page: Page) => page.evaluate(() => document.querySelector('audio')?.currentTime ?? -1);

/** The count the track page shows, as anyone sees it (a page of its own, so the player keeps playing). */
async function playsShown(page: Page, trackId: string): Promise<string> {
	const viewer = await page.context().newPage();
	try {
		await viewer.goto(`/tracks/${trackId}`);
		const dt = viewer.getByRole('term').filter({ hasText: /^Plays$/ });
		return (await dt.locator('xpath=following-sibling::dd[1]').textContent())?.trim() ?? '';
	} finally {
		await viewer.close();
	}
}

test('a track heard past the threshold is counted; one stopped before it is not', async ({ page }) => {
	test.setTimeout(120_000);
	const [early, through] = seeded.trackIds;
	expect(await playsShown(page, early)).toBe('0 plays');
	expect(await playsShown(page, through)).toBe('0 plays');

	// Every report the player sends, with where the playhead was when it went out.
	const reports: { body: { trackId: string; heardSeconds: number }; at: Promise<number> }[] = [];
	page.on('request', (request) => {
		if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/plays')
			reports.push({ body: request.postDataJSON(), at: currentTime(page) });
	});

	await gotoHydrated(page, `/releases/${seeded.releaseId}`);
	await page.getByRole('button', { name: 'Play all' }).click();
	await expect(bar(page).getByRole('link', { name: 'Stopped Early' })).toBeVisible();
	// About a second of listening, then pause: well short of the threshold.
	await expect.poll(() => currentTime(page), { timeout: 20_000 }).toBeGreaterThan(1);
	await bar(page).getByRole('button', { name: 'Pause' }).click();
	await expect.poll(() => page.evaluate(() => document.querySelector('audio')?.paused)).toBe(true);
	expect(await currentTime(page)).toBeLessThan(THRESHOLD);

	// The next track plays on until the server shows it counted.
	await bar(page).getByRole('button', { name: 'Next' }).click();
	await expect(bar(page).getByRole('link', { name: 'Heard Through' })).toBeVisible();
	await expect.poll(() => playsShown(page, through), { timeout: 60_000, intervals: [1000] }).toBe('1 play');

	// One report, for the track heard through, sent once the threshold was really heard.
	expect(reports.map((report) => report.body.trackId)).toEqual([through]);
	expect(reports[0].body.heardSeconds).toBeGreaterThanOrEqual(THRESHOLD);
	expect(await reports[0].at).toBeGreaterThanOrEqual(THRESHOLD);
	// The track stopped early was never reported, so it still has no plays.
	expect(await playsShown(page, early)).toBe('0 plays');
});
