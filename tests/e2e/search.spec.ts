import { expect, test } from '@playwright/test';
import { gotoHydrated } from './helpers';
import { seedPublishedRelease, type SeededRelease } from './seed';

let seeded: SeededRelease;

test.beforeAll(async () => {
	test.setTimeout(180_000);
	seeded = await seedPublishedRelease({
		label: 'Quillfeather',
		releaseTitle: 'Marrowlight Sessions',
		trackTitles: ['Quillwort Dawn', 'Brackenfall'],
		tags: 'fjordcore, test',
		seconds: 6
	});
});

test('the header box suggests as you type; arrows and Enter open a suggestion', async ({ page }) => {
	await gotoHydrated(page, '/');
	const box = page.getByRole('combobox', { name: 'Search Shoal' });
	await box.fill('marrowl');
	const listbox = page.getByRole('listbox', { name: 'Suggestions' });
	const release = listbox.getByRole('option', { name: /Marrowlight Sessions/ });
	await expect(release).toBeVisible();
	await expect(box).toHaveAttribute('aria-expanded', 'true');

	await box.press('ArrowDown');
	const first = listbox.getByRole('option').first();
	await expect(first).toHaveAttribute('aria-selected', 'true');
	await expect(box).toHaveAttribute('aria-activedescendant', (await first.getAttribute('id'))!);
	await expect(first).toContainText('Marrowlight Sessions');
	await box.press('Enter');
	await expect(page).toHaveURL(`/releases/${seeded.releaseId}`);
});

test('Escape closes the suggestions and a click opens one', async ({ page }) => {
	await gotoHydrated(page, '/');
	const box = page.getByRole('combobox', { name: 'Search Shoal' });
	await box.fill('quillw');
	const track = page.getByRole('option', { name: /Quillwort Dawn/ });
	await expect(track).toBeVisible();
	await box.press('Escape');
	await expect(track).toBeHidden();
	await expect(box).toHaveAttribute('aria-expanded', 'false');

	await box.press('ArrowDown');
	await expect(track).toBeVisible();
	await track.click();
	await expect(page).toHaveURL(`/tracks/${seeded.trackIds[0]}`);
});

test('typing again forgets the chosen suggestion; a late answer does not reopen the list', async ({
	page
}) => {
	await gotoHydrated(page, '/');
	const box = page.getByRole('combobox', { name: 'Search Shoal' });
	await box.fill('quillfeather');
	await expect(page.getByRole('option').first()).toBeVisible();
	await box.press('ArrowDown');
	await expect(box).toHaveAttribute('aria-activedescendant', /.+/);

	// Hold the answer for the new text until the results page is showing.
	const late = /\/api\/search\/suggest\?q=quillfeathe$/;
	let release = () => {};
	const held = new Promise<void>((resolve) => (release = resolve));
	await page.route(late, async (route) => {
		await held;
		await route.continue();
	});
	const asked = page.waitForRequest(late);
	await box.press('End');
	await box.press('Backspace');
	await expect(box).not.toHaveAttribute('aria-activedescendant');
	await asked;
	await box.press('Enter');
	await expect(page).toHaveURL('/search?q=quillfeathe');
	await expect(page.getByRole('heading', { level: 1, name: 'Results for “quillfeathe”' })).toBeVisible();

	const answered = page.waitForEvent('requestfinished', (request) => late.test(request.url()));
	release();
	await answered;
	// Let the page handle the answer (two frames), then the list must still be closed.
	await page.evaluate(
		() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
	);
	await expect(page.getByRole('listbox', { name: 'Suggestions' })).toBeHidden();
	await expect(box).toHaveAttribute('aria-expanded', 'false');
});

test('Enter without a chosen suggestion shows the results page', async ({ page }) => {
	await gotoHydrated(page, '/');
	const box = page.getByRole('combobox', { name: 'Search Shoal' });
	await box.fill('quillfeather');
	await expect(page.getByRole('option').first()).toBeVisible();
	await box.press('Enter');
	await expect(page).toHaveURL('/search?q=quillfeather');
	await expect(page.getByRole('heading', { level: 1, name: 'Results for “quillfeather”' })).toBeVisible();
	const artists = page.getByRole('region', { name: /Artists/ });
	await expect(artists.getByRole('link', { name: seeded.artistName })).toHaveAttribute(
		'href',
		`/@${seeded.handle}`
	);
	// The artist's name is indexed on their release and tracks too.
	await expect(
		page.getByRole('region', { name: /Releases/ }).getByRole('link', { name: 'Marrowlight Sessions' })
	).toHaveAttribute('href', `/releases/${seeded.releaseId}`);
	await expect(
		page.getByRole('region', { name: /Tracks/ }).getByRole('link', { name: 'Brackenfall' })
	).toBeVisible();
});

test('the suggest endpoint answers JSON and refuses over-long input with a sentence', async ({ request }) => {
	const found = await request.get('/api/search/suggest?q=marrowlight');
	expect(found.status()).toBe(200);
	expect((await found.json()).suggestions).toContainEqual({
		type: 'release',
		label: 'Marrowlight Sessions',
		sublabel: `EP · ${seeded.artistName}`,
		href: `/releases/${seeded.releaseId}`
	});
	const empty = await request.get('/api/search/suggest?q=%22*NEAR(');
	expect(await empty.json()).toEqual({ suggestions: [] });
	const tooLong = await request.get(`/api/search/suggest?q=${'x'.repeat(101)}`);
	expect(tooLong.status()).toBe(400);
	expect(await tooLong.json()).toEqual({ message: 'Search for at most 100 characters.' });
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the search form and the results page work', async ({ page }) => {
		await page.goto('/');
		const box = page.getByRole('searchbox', { name: 'Search Shoal' });
		await box.fill('Quillwort');
		await box.press('Enter');
		await expect(page).toHaveURL('/search?q=Quillwort');
		await expect(page.getByRole('heading', { level: 2, name: /Tracks/ })).toBeVisible();
		await expect(
			page.getByRole('region', { name: /Tracks/ }).getByRole('link', { name: 'Quillwort Dawn' })
		).toHaveAttribute('href', `/tracks/${seeded.trackIds[0]}`);

		await page.goto('/search?q=fjordcore');
		await expect(
			page.getByRole('region', { name: /Tags/ }).getByRole('link', { name: 'fjordcore' })
		).toHaveAttribute('href', '/tags/fjordcore');

		await page.goto('/search?q=zzqxnothing');
		await expect(page.getByText('Nothing public matches “zzqxnothing”.')).toBeVisible();
	});
});
