import { expect, test } from '@playwright/test';
import { linkFromMail } from './helpers';

test('a form post from a foreign origin is refused', async ({ request }) => {
	const response = await request.post('/signin', {
		form: { email: 'someone@example.org', password: 'whatever' },
		headers: { origin: 'https://evil.example' }
	});
	expect(response.status()).toBe(403);
});

test('a JSON post from a foreign origin is refused', async ({ request }) => {
	const response = await request.post('/studio/profile', {
		data: { name: 'x' },
		headers: { origin: 'https://evil.example', 'content-type': 'application/json' }
	});
	expect(response.status()).toBe(403);
	expect(await response.json()).toEqual({
		message: 'Cross-origin requests that change data are not allowed.'
	});
});

test('pages carry the security headers', async ({ request }) => {
	const response = await request.get('/');
	const headers = response.headers();
	expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
	expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-/);
	expect(headers['x-content-type-options']).toBe('nosniff');
	expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
});

test('the session cookie is HttpOnly and SameSite=Lax', async ({ request, baseURL }) => {
	const email = `cookie-${Date.now()}@example.org`;
	const asked = await request.post('/signup', {
		form: { displayName: 'Cookie', email, password: 'sea glass and tide' },
		headers: { origin: baseURL!, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(asked.status()).toBe(200);
	// The account (and its session) exists once the mailed link is opened.
	const response = await request.post(await linkFromMail(email, '/signup/'), {
		form: {},
		headers: { origin: baseURL!, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(303);
	const cookie = response.headers()['set-cookie'];
	expect(cookie).toMatch(/^shoal_session=[A-Za-z0-9_-]{20}\.[A-Za-z0-9_-]{27};/);
	expect(cookie).toContain('HttpOnly');
	expect(cookie).toContain('SameSite=Lax');
	expect(cookie).toContain('Path=/');
});

test('healthz reports database, worker and disk', async ({ request }) => {
	const response = await request.get('/healthz');
	expect(response.status()).toBe(200);
	const body = await response.json();
	expect(body).toMatchObject({
		status: 'ok',
		database: { ok: true },
		worker: { ok: true },
		disk: { ok: true }
	});
	expect(body.worker.heartbeatAgeSeconds).toBeLessThanOrEqual(30);
});

test('unknown artists and pages answer 404 with a friendly page', async ({ page }) => {
	const response = await page.goto('/@nobody-here-at-all');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { name: 'Nothing here' })).toBeVisible();
});
