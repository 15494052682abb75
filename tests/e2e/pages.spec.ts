import { expect, test, type Page } from '@playwright/test';
import { loadConfig } from '../../src/lib/server/config';
import { createAppContext } from '../../src/lib/server/context';
import { createLogger } from '../../src/lib/server/logger';
import { becomeArtist, createRelease, uniquePerson, signUp } from './helpers';
import { seedPublishedRelease, type SeededRelease } from './seed';

let seeded: SeededRelease;

test.beforeAll(async () => {
	test.setTimeout(180_000);
	seeded = await seedPublishedRelease({
		label: 'pages',
		trackTitles: ['Slack Water', 'Spring Tide'],
		seconds: 20,
		tags: 'ambient, Field Recordings'
	});
});

/** Gives the seeded release a cover key straight in the server's database (no files: only the meta is checked). */
function giveCover(releaseId: string): void {
	const config = loadConfig({ ...process.env, DATA_DIR: process.env.SHOAL_E2E_DATA_DIR, SHOAL_DEMO: '0' });
	const context = createAppContext(config, {
		logger: createLogger({ logLevel: 'silent', logFormat: 'json' })
	});
	try {
		context.repositories.releases.update(releaseId, { coverKey: `artwork/${releaseId}/v1` });
	} finally {
		context.close();
	}
}

const meta = (page: Page, property: string) => page.locator(`meta[property="${property}"]`);

test('a listener goes from the home page to the artist, the release and a track', async ({ page }) => {
	await page.goto('/');
	const newReleases = page.getByRole('region', { name: 'New releases' });
	await expect(newReleases.getByRole('link', { name: seeded.releaseTitle })).toBeVisible();
	await expect(
		page.getByRole('region', { name: 'Tags to explore' }).getByRole('link', { name: /^ambient/ })
	).toBeVisible();

	await newReleases.getByRole('link', { name: seeded.artistName }).first().click();
	await expect(page.getByRole('heading', { level: 1, name: seeded.artistName })).toBeVisible();
	// No follow button yet, so no follower count either (never a bare "0 followers").
	await expect(page.getByText('0 followers')).toHaveCount(0);
	await expect(meta(page, 'og:type')).toHaveAttribute('content', 'profile');

	await page
		.getByRole('region', { name: 'Releases' })
		.getByRole('link', { name: seeded.releaseTitle })
		.click();
	await expect(page).toHaveURL(`/releases/${seeded.releaseId}`);
	await expect(page.getByRole('heading', { level: 1, name: seeded.releaseTitle })).toBeVisible();
	await expect(page.getByRole('link', { name: seeded.artistName }).first()).toHaveAttribute(
		'href',
		`/@${seeded.handle}`
	);
	await expect(page.getByRole('button', { name: 'Play all' })).toBeEnabled();

	const tracklist = page.getByRole('region', { name: 'Tracklist' }).getByRole('listitem');
	await expect(tracklist).toHaveCount(2);
	for (const [i, title] of seeded.trackTitles.entries()) {
		const row = tracklist.nth(i);
		await expect(row.getByRole('link', { name: title })).toBeVisible();
		await expect(row.getByRole('button', { name: `Play ${title}`, exact: true })).toBeVisible();
		await expect(row).toContainText(/Duration 0:(19|20|21)$/);
	}
	await expect(
		page.getByRole('region', { name: 'Tracklist' }).getByText(/^Total duration 0:(39|40|41|42)$/)
	).toBeVisible();

	const details = page.getByRole('region', { name: 'Details' });
	await expect(
		details.getByRole('link', { name: 'Creative Commons Attribution (CC BY 4.0)' })
	).toHaveAttribute('href', 'https://creativecommons.org/licenses/by/4.0/');
	await expect(details.getByRole('link', { name: 'field recordings' })).toHaveAttribute(
		'href',
		'/tags/field%20recordings'
	);
	await expect(meta(page, 'og:title')).toHaveAttribute(
		'content',
		`${seeded.releaseTitle} by ${seeded.artistName}`
	);
	await expect(meta(page, 'og:type')).toHaveAttribute('content', 'music.album');

	await tracklist.nth(1).getByRole('link', { name: seeded.trackTitles[1] }).click();
	await expect(page.getByRole('heading', { level: 1, name: seeded.trackTitles[1] })).toBeVisible();
	await expect(page.getByRole('slider', { name: `Seek in ${seeded.trackTitles[1]}` })).toBeVisible();
	await expect(page.getByText('Lossless', { exact: true })).toBeVisible();
	await expect(page.getByText(/−\d+\.\d LUFS/)).toBeVisible();
	await expect(page.getByRole('link', { name: seeded.releaseTitle })).toHaveAttribute(
		'href',
		`/releases/${seeded.releaseId}`
	);
	await expect(meta(page, 'og:type')).toHaveAttribute('content', 'music.song');
	await expect(meta(page, 'og:url')).toHaveAttribute('content', /\/tracks\/[\w-]+$/);

	await page.goto('/tags/field%20recordings');
	await expect(page.getByRole('heading', { level: 1, name: 'field recordings' })).toBeVisible();
	await expect(page.getByRole('link', { name: seeded.releaseTitle })).toBeVisible();
	await page.goto('/tags/nobody-uses-this');
	await expect(page.getByText('No public releases carry the tag “nobody-uses-this” yet.')).toBeVisible();
});

test('share previews carry the absolute cover URL once there is artwork', async ({ page, baseURL }) => {
	await page.goto(`/releases/${seeded.releaseId}`);
	await expect(meta(page, 'og:image')).toHaveCount(0);
	await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary');

	giveCover(seeded.releaseId);
	for (const url of [`/releases/${seeded.releaseId}`, `/tracks/${seeded.trackIds[0]}`]) {
		await page.goto(url);
		await expect(meta(page, 'og:image')).toHaveAttribute(
			'content',
			`${baseURL}/media/artwork/${seeded.releaseId}/v1/cover_1200.jpg`
		);
		await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary_large_image');
		await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', `${baseURL}${url}`);
	}
	const cover = page.locator('picture source[type="image/webp"]');
	await expect(cover).toHaveAttribute('srcset', /cover_300\.webp 300w/);
	await expect(cover).toHaveAttribute('srcset', /cover_1200\.webp 1200w/);
});

test('a draft release is visible to its artist and missing for everyone else', async ({ page, browser }) => {
	await becomeArtist(page, 'drafter');
	const editor = await createRelease(page, { title: 'Not Yet Out' });
	const releaseUrl = editor.replace(/.*\/studio\/releases\//, '/releases/');
	await page.getByRole('link', { name: 'Preview public page' }).click();
	await expect(page).toHaveURL(releaseUrl);
	await expect(page.getByRole('heading', { level: 1, name: 'Not Yet Out' })).toBeVisible();
	await expect(page.getByText('Draft — only you can see this.')).toBeVisible();
	await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');

	const stranger = await browser.newContext();
	const other = await stranger.newPage();
	const anonymous = await other.goto(releaseUrl);
	expect(anonymous?.status()).toBe(404);
	await signUp(other, uniquePerson('stranger'));
	const signedIn = await other.goto(releaseUrl);
	expect(signedIn?.status()).toBe(404);
	await expect(other.getByText('This release does not exist.')).toBeVisible();
	const missing = await other.goto('/releases/no-such-release');
	expect(missing?.status()).toBe(404);
	await expect(other.getByText('This release does not exist.')).toBeVisible();
	await stranger.close();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the release and track pages are readable', async ({ page }) => {
		await page.goto('/');
		await expect(
			page.getByRole('region', { name: 'New releases' }).getByRole('link', { name: seeded.releaseTitle })
		).toBeVisible();
		await page.goto(`/releases/${seeded.releaseId}`);
		await expect(page.getByRole('heading', { level: 1, name: seeded.releaseTitle })).toBeVisible();
		// Buttons that only the player (JavaScript) could act on are not offered.
		await expect(page.getByRole('button', { name: 'Play all' })).toBeHidden();
		await expect(page.getByRole('button', { name: `Add ${seeded.trackTitles[0]} to queue` })).toBeHidden();
		const tracklist = page.getByRole('region', { name: 'Tracklist' });
		for (const title of seeded.trackTitles)
			await expect(tracklist.getByRole('link', { name: title })).toBeVisible();
		await tracklist.getByRole('link', { name: seeded.trackTitles[0] }).click();
		await expect(page.getByRole('heading', { level: 1, name: seeded.trackTitles[0] })).toBeVisible();
		await expect(page.getByRole('region', { name: 'Details' })).toContainText('Duration');
		await page.goto(`/@${seeded.handle}`);
		await expect(page.getByRole('heading', { level: 1, name: seeded.artistName })).toBeVisible();
	});
});
