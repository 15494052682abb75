import { expect, test, type Page } from '@playwright/test';
import { giveArtistTo } from './credits-seed';
import { gotoHydrated, signUp, uniquePerson } from './helpers';
import { seedPublishedRelease, type SeededRelease } from './seed';

/**
 * Credits and lyrics, in Chromium against the built server: the studio's track editor, search by a
 * featured name, and synced lyrics following real playback of a track the real worker processed.
 */

let release: SeededRelease;
let person: ReturnType<typeof uniquePerson>;

test.beforeAll(async () => {
	test.setTimeout(240_000);
	release = await seedPublishedRelease({
		label: 'credits',
		trackTitles: ['Harbour Lights', 'Salt Road'],
		seconds: 30
	});
});

test.beforeEach(async ({ page }) => {
	person = uniquePerson('credits');
	await signUp(page, person);
	giveArtistTo(release.handle, person.email);
});

async function openTrackEditor(page: Page, index: number) {
	await gotoHydrated(page, `/studio/releases/${release.releaseId}`);
	await page.getByRole('link', { name: `Credits & lyrics of ${release.trackTitles[index]}` }).click();
	await expect(page.getByRole('heading', { level: 1, name: release.trackTitles[index] })).toBeVisible();
	await page.waitForLoadState('networkidle');
}

test('an artist adds a featured artist and credits, and search finds the track by the featured name', async ({
	page
}) => {
	await openTrackEditor(page, 0);
	await page.getByRole('textbox', { name: 'Name of artist 1' }).fill('Zuzana Featherby');
	await expect(page.getByRole('combobox', { name: 'Role of artist 1' })).toHaveValue('featured');

	await page.getByRole('combobox', { name: 'Role of credit 1' }).selectOption('performer');
	await page.getByRole('textbox', { name: 'Name of credit 1' }).fill('Ana Lima');
	await page.getByRole('textbox', { name: 'Instrument of credit 1' }).fill('cello');
	// Keyboard: "Add credit" puts the focus in the new row's first field.
	await page.getByRole('button', { name: 'Add credit' }).press('Enter');
	await expect(page.getByRole('textbox', { name: 'Name of credit 2' })).toBeFocused();
	await page.getByRole('textbox', { name: 'Name of credit 2' }).fill('周杰伦');
	await page.getByRole('button', { name: 'Add credit' }).click();
	await page.getByRole('textbox', { name: 'Name of credit 3' }).fill('To Be Removed');
	await page.getByRole('button', { name: 'Remove credit 3' }).click();
	await expect(page.getByRole('textbox', { name: 'Name of credit 3' })).toHaveCount(0);
	await page.getByRole('button', { name: 'Save credits' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Credits saved.' })).toBeVisible();

	await gotoHydrated(page, '/search?q=Featherby');
	const results = page.getByRole('main');
	await results.getByRole('link', { name: release.trackTitles[0] }).click();
	await expect(page).toHaveURL(`/tracks/${release.trackIds[0]}`);
	await expect(page.getByText('feat. Zuzana Featherby', { exact: true })).toBeVisible();
	const credits = page.getByRole('region', { name: 'Credits' });
	await expect(credits.getByRole('term')).toHaveText(['Performer (cello)', 'Composer']);
	await expect(credits.getByRole('definition')).toHaveText(['Ana Lima', '周杰伦']);

	await gotoHydrated(page, '/search?q=周杰伦');
	await expect(page.getByRole('main').getByRole('link', { name: release.trackTitles[0] })).toBeVisible();
	await gotoHydrated(page, `/releases/${release.releaseId}`);
	await expect(page.getByRole('region', { name: 'Credits' }).getByRole('term')).toHaveText([
		'Featuring',
		'Performer (cello)',
		'Composer'
	]);
});

const LRC = [
	'[ti:Salt Road]',
	'[00:00.00]Line zero at the start',
	'[00:03.00]Line three',
	'[00:07.00]Line seven',
	'a plain line with no time',
	'[00:21.00]Line twenty-one',
	'[00:26.00]Line twenty-six'
].join('\n');

const audioTime = (page: Page) => page.evaluate(() => document.querySelector('audio')?.currentTime ?? -1);

test('an artist pastes LRC lyrics; the player follows playback and a click on a line seeks there', async ({
	page
}) => {
	await openTrackEditor(page, 1);
	await page.getByRole('textbox', { name: 'Lyrics' }).fill(LRC);
	await page.getByRole('button', { name: 'Save lyrics' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Synced lyrics saved.' })).toBeVisible();

	// The track page shows them as text, without JavaScript's help.
	await gotoHydrated(page, `/tracks/${release.trackIds[1]}`);
	const pageLyrics = page.getByRole('region', { name: 'Lyrics' });
	await expect(pageLyrics.getByText('Line seven')).toBeVisible();
	await expect(pageLyrics).not.toContainText('[00:');

	await page.getByRole('button', { name: `Play ${release.trackTitles[1]}`, exact: true }).click();
	const player = page.getByRole('contentinfo', { name: 'Player' });
	await player.getByRole('button', { name: 'Lyrics' }).click();
	const panel = player.getByRole('region', { name: /^Lyrics/ });
	const currentLine = panel.locator('[aria-current="true"]');
	await expect(currentLine).toHaveText('Line zero at the start', { timeout: 20_000 });
	await expect(currentLine).toHaveText('Line three', { timeout: 20_000 });
	expect(await audioTime(page)).toBeGreaterThanOrEqual(3);
	await expect(currentLine).toHaveText('Line seven', { timeout: 20_000 });
	await expect(panel.getByText('a plain line with no time')).toBeVisible();

	await panel.getByRole('button', { name: 'Line twenty-one' }).click();
	await expect.poll(() => audioTime(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(21);
	await expect(currentLine).toHaveText('Line twenty-one');
	await expect(currentLine).toBeInViewport();
	await expect(currentLine).toHaveText('Line twenty-six', { timeout: 20_000 });
});

test('credits can be saved and a row removed with JavaScript off', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto('/signin');
	await page.getByLabel('Email').fill(person.email);
	await page.getByLabel('Password').fill(person.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.goto(`/studio/releases/${release.releaseId}/tracks/${release.trackIds[0]}`);
	await page.getByRole('textbox', { name: 'Name of artist 1' }).fill('فيروز');
	await page.getByRole('textbox', { name: 'Shoal handle of artist 1' }).fill('@nobody-at-all');
	await page.getByRole('button', { name: 'Save credits' }).click();
	await expect(page.getByText('No Shoal artist has the handle @nobody-at-all.')).toBeVisible();
	await expect(page.getByRole('textbox', { name: 'Name of artist 1' })).toHaveValue('فيروز');
	await page.getByRole('textbox', { name: 'Shoal handle of artist 1' }).fill('');
	await page.getByRole('button', { name: 'Save credits' }).click();
	await expect(page.getByText('Credits saved.')).toBeVisible();
	await expect(page.getByRole('textbox', { name: 'Name of artist 1' })).toHaveValue('فيروز');
	// The form always ends with a blank row; "Remove" saves without that row.
	await expect(page.getByRole('textbox', { name: 'Name of artist 2' })).toHaveValue('');
	await page.getByRole('button', { name: 'Remove artist 1' }).click();
	await expect(page.getByText('Credits saved.')).toBeVisible();
	await expect(page.getByRole('textbox', { name: 'Name of artist 1' })).toHaveValue('');
	await context.close();
});
