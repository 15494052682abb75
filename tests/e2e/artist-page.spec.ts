import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { becomeArtist, gotoHydrated, signUp, uniquePerson } from './helpers';

/** A real picture made by ffmpeg. */
function picture(size: string): string {
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-e2e-img-')), `pic-${size}.png`);
	const result = spawnSync('/usr/bin/ffmpeg', [
		...['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=s=${size}:d=1`, '-frames:v', '1', '-y', file]
	]);
	if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr}`);
	return file;
}

test('links show their site with an icon; no follower count without following', async ({ page }) => {
	const { handle } = await becomeArtist(page, 'linked');
	await gotoHydrated(page, '/studio/profile');
	await page
		.getByLabel('Links')
		.fill('https://linked.bandcamp.com\nhttps://mastodon.social/@linked\nhttps://linked.example.org');
	await page.getByRole('button', { name: 'Save profile' }).click();
	await expect(page).toHaveURL(new RegExp(`/@${handle}`));

	const links = page
		.getByRole('region', { name: 'Links' })
		.or(page.locator('section[aria-labelledby="links"]'));
	for (const [name, href] of [
		['Bandcamp', 'https://linked.bandcamp.com'],
		['Mastodon', 'https://mastodon.social/@linked'],
		['linked.example.org', 'https://linked.example.org']
	]) {
		const link = links.getByRole('link', { name, exact: true });
		await expect(link).toHaveAttribute('href', href);
		await expect(link.locator('svg')).toHaveAttribute('aria-hidden', 'true');
	}
	await expect(page.getByText(/followers/)).toHaveCount(0);
});

test('upload an avatar and a banner and see them on the artist page; a small banner says why', async ({
	page
}) => {
	const { handle } = await becomeArtist(page, 'pictured');
	await gotoHydrated(page, '/studio/profile');
	await page.getByRole('link', { name: 'Avatar and banner' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Avatar and banner' })).toBeVisible();

	await page.getByLabel('Banner image').setInputFiles(picture('900x300'));
	await page.getByRole('button', { name: 'Upload banner' }).click();
	await expect(page.getByText('Your banner was received.')).toBeVisible();
	await expect(async () => {
		await page.reload();
		await expect(page.getByRole('alert')).toContainText(
			'The banner is 900 × 300 pixels; it needs to be at least 1500 × 500. Choose a larger image.'
		);
	}).toPass({ timeout: 60_000 });
	await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();

	await page.getByLabel('Avatar image').setInputFiles(picture('480x480'));
	await page.getByRole('button', { name: 'Upload avatar' }).click();
	await expect(page.getByText('Your avatar was received.')).toBeVisible();
	await expect(async () => {
		await page.reload();
		await expect(page.getByText('Your avatar is up.')).toBeVisible();
	}).toPass({ timeout: 60_000 });

	await page.goto(`/@${handle}`);
	const avatar = page.locator('header img');
	await expect(avatar).toHaveAttribute('src', /\/media\/artwork\/.+\/cover_300\.jpg$/);
	expect(await avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
});

test('a listener sets a display name, bio and avatar in account settings; others cannot', async ({
	page,
	browser
}) => {
	const person = uniquePerson('listener');
	await signUp(page, person);
	await page.getByLabel('Display name').fill('Harbour Listener');
	await page.getByLabel('Bio').fill('I listen to <b>everything</b> by the sea.');
	await page.getByRole('button', { name: 'Save profile' }).click();
	await expect(page.getByText('Your profile is saved.')).toBeVisible();
	await page.reload();
	await expect(page.getByRole('heading', { level: 1, name: 'Harbour Listener' })).toBeVisible();
	await expect(page.getByText('I listen to <b>everything</b> by the sea.').first()).toBeVisible();

	await page.getByLabel('Avatar').setInputFiles(picture('300x300'));
	await page.getByRole('button', { name: 'Upload avatar' }).click();
	await expect(page.getByText('Avatar received. It is being prepared.')).toBeVisible();

	// Another person's form post only ever changes their own account.
	const other = await browser.newContext();
	const stranger = await other.newPage();
	const strangerPerson = uniquePerson('stranger');
	await signUp(stranger, strangerPerson);
	await stranger.request.post('/account?/profile', {
		form: { displayName: 'Hijacked', bio: '' },
		headers: { origin: new URL(page.url()).origin }
	});
	await page.reload();
	await expect(page.getByRole('heading', { level: 1, name: 'Harbour Listener' })).toBeVisible();
	await other.close();
});
