import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Locator } from '@playwright/test';
import { becomeArtist, createRelease, gotoHydrated } from './helpers';

let dir: string;
const ffmpeg = (args: string[]) => {
	const result = spawnSync('/usr/bin/ffmpeg', ['-nostdin', '-v', 'error', ...args, '-y']);
	if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr}`);
};
function song(name: string, title: string, track: number): string {
	const file = path.join(dir, name);
	ffmpeg([
		'-f',
		'lavfi',
		'-i',
		`sine=frequency=${300 + track * 110}:sample_rate=44100:duration=2`,
		'-metadata',
		`title=${title}`,
		'-metadata',
		`track=${track}/3`,
		file
	]);
	return file;
}
function picture(size: string): string {
	const file = path.join(dir, `cover-${size}.png`);
	ffmpeg(['-f', 'lavfi', '-i', `testsrc2=s=${size}`, '-frames:v', '1', file]);
	return file;
}

test.beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-order-e2e-'));
});
test.afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const titlesIn = (list: Locator) =>
	list
		.getByLabel('Track title')
		.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));

test('tags order files uploaded together; the artist reorders by keyboard and with the move buttons, gaps close', async ({
	page
}) => {
	test.setTimeout(150_000);
	await becomeArtist(page, 'order');
	await createRelease(page, { title: 'Three Tides' });
	await page
		.getByLabel('Add audio files')
		.setInputFiles([song('c.wav', 'Gamma', 3), song('a.wav', 'Alpha', 1), song('b.wav', 'Beta', 2)]);
	const tracks = page.getByRole('region', { name: 'Tracks' });
	// Whatever order the files arrive and are read in, their tags put them 1, 2, 3 without gaps.
	await expect.poll(() => titlesIn(tracks), { timeout: 90_000 }).toEqual(['Alpha', 'Beta', 'Gamma']);
	await page.reload({ waitUntil: 'networkidle' });
	await expect.poll(() => titlesIn(tracks)).toEqual(['Alpha', 'Beta', 'Gamma']);

	// Keyboard: Tab to "Move down" of Alpha and press Enter; focus stays, the move is read out.
	const alpha = tracks.getByRole('article', { name: /Alpha$/ });
	// From its Save button, Tab skips the disabled "Move up" (Alpha is first) and lands on "Move down".
	await alpha.getByRole('button', { name: /^Save/ }).focus();
	await page.keyboard.press('Tab');
	await expect(alpha.getByRole('button', { name: 'Move down' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect.poll(() => titlesIn(tracks)).toEqual(['Beta', 'Alpha', 'Gamma']);
	await expect(page.getByRole('status').filter({ hasText: 'Moved “Alpha” to track 2 of 3.' })).toBeAttached();
	await expect(alpha.getByRole('button', { name: 'Move down' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect.poll(() => titlesIn(tracks)).toEqual(['Beta', 'Gamma', 'Alpha']);
	await expect(page.getByRole('status').filter({ hasText: 'Moved “Alpha” to track 3 of 3.' })).toBeAttached();
	// At the bottom "Move down" is disabled: focus moved to "Move up" instead of getting lost.
	await expect(alpha.getByRole('button', { name: 'Move up' })).toBeFocused();
	await page.reload({ waitUntil: 'networkidle' });
	await expect.poll(() => titlesIn(tracks)).toEqual(['Beta', 'Gamma', 'Alpha']);

	// Back to the top with the buttons (drag and drop has no passing browser test yet: see the notes).
	await alpha.getByRole('button', { name: 'Move up' }).click();
	await expect.poll(() => titlesIn(tracks)).toEqual(['Beta', 'Alpha', 'Gamma']);
	await alpha.getByRole('button', { name: 'Move up' }).click();
	await expect.poll(() => titlesIn(tracks)).toEqual(['Alpha', 'Beta', 'Gamma']);
	await expect(page.getByRole('status').filter({ hasText: 'Moved “Alpha” to track 1 of 3.' })).toBeAttached();

	// Deleting the middle track closes the gap.
	const beta = tracks.getByRole('listitem').filter({ has: page.getByRole('article', { name: /Beta$/ }) });
	await beta.getByText('Delete', { exact: true }).click();
	await beta.getByRole('button', { name: 'Delete track' }).click();
	await expect.poll(() => titlesIn(tracks)).toEqual(['Alpha', 'Gamma']);
	await expect(tracks.getByRole('article', { name: 'Track 2: Gamma' })).toBeAttached();
	const numbers = await tracks
		.getByLabel('Track number')
		.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
	expect(numbers).toEqual(['1', '2']);
});

test('the studio shows the real cover once processed, one status at a time, and checks its size', async ({
	page
}) => {
	test.setTimeout(90_000);
	await becomeArtist(page, 'cover');
	await createRelease(page, { title: 'Square Waves' });
	await gotoHydrated(page, page.url());
	const cover = page.getByRole('region', { name: 'Cover' });

	await cover.getByLabel('Cover image').setInputFiles(picture('300x300'));
	await cover.getByRole('button', { name: 'Upload cover' }).click();
	await expect(
		cover.getByText(/This cover is 300 × 300 pixels, too small: it needs at least 640 × 640/)
	).toBeVisible();
	await expect(cover.getByText('Cover received', { exact: false })).toHaveCount(0);

	await cover.getByLabel('Cover image').setInputFiles(picture('800x800'));
	await cover.getByRole('button', { name: 'Upload cover' }).click();
	await expect(cover.getByRole('alert')).toHaveText(
		'⚠ Warning: This cover is 800 × 800 pixels. It is used, but may look soft on large screens: 1400 × 1400 pixels or more is best.'
	);
	// The real picture replaces the stand-in tile by itself; "received" gives way to "ready".
	await expect(cover.getByRole('img', { name: 'Cover of Square Waves' })).toBeVisible({ timeout: 60_000 });
	await expect(cover.getByText('Cover ready', { exact: true })).toBeVisible();
	await expect(cover.getByText('Cover received', { exact: false })).toHaveCount(0);
	const natural = await cover
		.getByRole('img', { name: 'Cover of Square Waves' })
		.evaluate((img) => (img as HTMLImageElement).naturalWidth);
	expect(natural).toBeGreaterThan(0);
	await page.screenshot({ path: path.join(os.tmpdir(), 'shoal-studio-cover.png'), fullPage: true });
});

test('pressing publish twice shows one message, replaced, not a stack', async ({ page }) => {
	await becomeArtist(page, 'twice');
	await createRelease(page, { title: 'Not Yet' });
	const publishing = page.getByRole('region', { name: 'Publishing' });
	const message = 'Add at least one track, and wait until it is ready, before publishing.';
	for (let i = 0; i < 2; i++) {
		await publishing.getByRole('button', { name: 'Publish now' }).click();
		await expect(publishing.getByRole('alert')).toHaveText(message);
		await expect(publishing.getByText(/Add at least one track/)).toHaveCount(1);
	}
	// The next answer replaces it: a schedule in the past is refused at its field only.
	await publishing.getByLabel('Or publish at').fill('2020-01-01T10:00');
	await publishing.getByRole('button', { name: 'Schedule' }).click();
	await expect(publishing.getByRole('alert')).toHaveCount(1);
});
