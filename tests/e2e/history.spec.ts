import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { signUp, uniquePerson } from './helpers';
import { seedPublishedRelease, type SeededRelease } from './seed';

let seeded: SeededRelease;

test.beforeAll(async () => {
	test.setTimeout(180_000);
	// Tracks of 20 s: a play counts after 10 s (half the track).
	seeded = await seedPublishedRelease({ label: 'history', trackTitles: ['Undertow', 'Slack Water'] });
});

/** As the player sends it: from Shoal's own page, so with its Origin (a cookie without one is refused). */
function reportPlay(request: APIRequestContext, trackId: string, heardSeconds: number) {
	const origin = test.info().project.use.baseURL!;
	return request.post('/api/plays', { data: { trackId, heardSeconds }, headers: { origin } });
}

async function expectEmptyHistory(page: Page) {
	await expect(page.getByText('Nothing here yet.')).toBeVisible();
	await expect(page.getByRole('list', { name: 'Tracks you heard, newest first' })).toHaveCount(0);
}

test('a counted play shows in the listener’s history; clearing asks first and empties it', async ({
	page
}) => {
	await signUp(page, uniquePerson('historian'));
	await page.getByRole('link', { name: 'Listening history' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Listening history' })).toBeVisible();
	await expectEmptyHistory(page);

	// Too little heard: not counted. Enough: counted once, then not again within 10 minutes.
	expect(await (await reportPlay(page.request, seeded.trackIds[0], 4)).json()).toEqual({ counted: false });
	expect(await (await reportPlay(page.request, seeded.trackIds[0], 12)).json()).toEqual({ counted: true });
	expect(await (await reportPlay(page.request, seeded.trackIds[0], 12)).json()).toEqual({ counted: false });

	await page.reload();
	const heard = page.getByRole('list', { name: 'Tracks you heard, newest first' }).getByRole('listitem');
	await expect(heard).toHaveCount(1);
	await expect(heard.getByRole('link', { name: 'Undertow' })).toHaveAttribute(
		'href',
		`/tracks/${seeded.trackIds[0]}`
	);
	await expect(heard.getByRole('link', { name: seeded.artistName })).toHaveAttribute(
		'href',
		`/@${seeded.handle}`
	);
	await expect(heard.getByRole('link', { name: seeded.releaseTitle })).toHaveAttribute(
		'href',
		`/releases/${seeded.releaseId}`
	);
	await expect(heard).toContainText('just now');
	await expect(heard.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);

	await page.getByRole('link', { name: 'Clear history…' }).click();
	await expect(page.getByRole('heading', { name: 'Clear your listening history?' })).toBeVisible();
	// Changing one's mind keeps everything.
	await page.getByRole('link', { name: 'Keep it' }).click();
	await expect(heard).toHaveCount(1);

	await page.getByRole('link', { name: 'Clear history…' }).click();
	await page.getByRole('button', { name: 'Yes, clear my history' }).click();
	await expect(page.getByRole('main').getByRole('status')).toHaveText(/Your listening history is cleared/);
	await expectEmptyHistory(page);
	await page.reload();
	await expectEmptyHistory(page);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('history can be read and cleared', async ({ page }) => {
		await signUp(page, uniquePerson('nojs'));
		expect(await (await reportPlay(page.request, seeded.trackIds[1], 15)).json()).toEqual({
			counted: true
		});
		await page.goto('/history');
		await expect(page.getByRole('link', { name: 'Slack Water' })).toBeVisible();
		// Without JavaScript the time is written in UTC, and says so.
		await expect(page.locator('main time')).toHaveText(/UTC$/);

		await page.getByRole('link', { name: 'Clear history…' }).click();
		await expect(page).toHaveURL(/\/history\?clear$/);
		await page.getByRole('button', { name: 'Yes, clear my history' }).click();
		await expect(page).toHaveURL(/\/history\?cleared$/);
		await expect(page.getByRole('main').getByRole('status')).toHaveText(/Your listening history is cleared/);
		await expectEmptyHistory(page);
	});
});

test('history needs an account', async ({ page }) => {
	await page.goto('/history');
	await expect(page).toHaveURL(/\/signin\?next=%2Fhistory$/);
});

test('the plays endpoint answers in sentences and refuses other origins', async ({ request, baseURL }) => {
	const anonymous = await reportPlay(request, seeded.trackIds[1], 15);
	expect(anonymous.status()).toBe(200);
	expect(await anonymous.json()).toEqual({ counted: true });
	expect(await (await reportPlay(request, seeded.trackIds[1], 15)).json()).toEqual({ counted: false });
	// Unknown tracks look exactly like plays that do not count.
	expect(await (await reportPlay(request, 'no-such-track', 15)).json()).toEqual({ counted: false });

	const invalid = await request.post('/api/plays', { data: { trackId: seeded.trackIds[1] } });
	expect(invalid.status()).toBe(400);
	expect((await invalid.json()).message).toMatch(/heardSeconds/);
	const notJson = await request.post('/api/plays', {
		data: 'heard it',
		headers: { 'content-type': 'text/plain', origin: baseURL! }
	});
	expect(notJson.status()).toBe(400);
	expect((await notJson.json()).message).toMatch(/^Send the play as JSON/);

	const foreign = await request.post('/api/plays', {
		data: { trackId: seeded.trackIds[0], heardSeconds: 15 },
		headers: { origin: 'https://evil.example' }
	});
	expect(foreign.status()).toBe(403);
	expect(await foreign.json()).toEqual({
		message: 'Cross-origin requests that change data are not allowed.'
	});
});
