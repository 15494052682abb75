import { expect, type Page } from '@playwright/test';
import { mailTo } from '../helpers/outbox';

/**
 * The link in the newest message to `email` whose path starts with `pathPrefix`, read from the e2e
 * server's outbox (it runs without SMTP_URL). Mail is sent after the answer, so this waits for it.
 */
export async function linkFromMail(email: string, pathPrefix: string): Promise<string> {
	const dataDir = process.env.SHOAL_E2E_DATA_DIR!;
	const find = () =>
		mailTo(dataDir, email)
			.flatMap((message) => message.links)
			.filter((link) => new URL(link).pathname.startsWith(pathPrefix))
			.at(-1);
	await expect.poll(find, { message: `a mail to ${email} with a ${pathPrefix} link` }).toBeTruthy();
	return find()!;
}

/** Fills and sends the sign-up form; the account exists once the mailed link is opened. */
export async function requestSignUp(
	page: Page,
	person: { displayName: string; email: string; password: string },
	role: 'listener' | 'artist' = 'listener'
) {
	await gotoHydrated(page, '/signup');
	await page.getByLabel('Display name').fill(person.displayName);
	await page.getByLabel('Email').fill(person.email);
	await page.getByLabel('Password').fill(person.password);
	await page
		.getByRole('radio', {
			name: role === 'artist' ? "I'm an artist: take me to the studio" : "I'm here to listen"
		})
		.check();
	await page.getByRole('button', { name: 'Sign up' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible();
}

/** Opens the sign-up link from the outbox and creates the account. */
export async function finishSignUp(page: Page, email: string) {
	await gotoHydrated(page, await linkFromMail(email, '/signup/'));
	await page.getByRole('button', { name: 'Create my account' }).click();
}

let counter = 0;
export function uniquePerson(label = 'person') {
	counter++;
	const id = `${label}${counter}-${Date.now().toString(36)}`;
	return {
		displayName: `Test ${label} ${counter}`,
		email: `${id}@example.org`,
		password: 'sea glass and tide',
		id
	};
}

/** Signs up a listener through the mailed link; lands on the home page, then opens their account page. */
export async function signUp(page: Page, person: { displayName: string; email: string; password: string }) {
	await requestSignUp(page, person);
	await finishSignUp(page, person.email);
	await expect(
		page.getByText(`Welcome to Shoal, ${person.displayName}! Your account is ready.`)
	).toBeVisible();
	await page.goto('/account');
	await expect(page.getByRole('heading', { level: 1, name: person.displayName })).toBeVisible();
}

export async function signIn(page: Page, person: { email: string; password: string }) {
	await page.goto('/signin');
	await page.getByLabel('Email').fill(person.email);
	await page.getByLabel('Password').fill(person.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signOut(page: Page) {
	await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click();
	await expect(
		page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' })
	).toBeVisible();
}

/**
 * Opens a page and waits until its scripts have run: a field filled before hydration is reset to the
 * server-rendered value, which made sign-ups in fresh browser contexts flaky.
 */
export async function gotoHydrated(page: Page, url: string) {
	await page.goto(url, { waitUntil: 'networkidle' });
}

/** Signs up a new person and creates their artist profile; lands on their public page. */
export async function becomeArtist(page: Page, label: string) {
	const person = uniquePerson(label);
	const handle = person.id.replace(/[^a-z0-9]/g, '').slice(0, 24);
	const name = `The ${label} Tides`;
	await requestSignUp(page, person, 'artist');
	await finishSignUp(page, person.email);
	await expect(page.getByRole('heading', { level: 1, name: 'Become an artist' })).toBeVisible();
	await gotoHydrated(page, '/studio/profile');
	await page.getByLabel('Artist name').fill(name);
	await page.getByLabel('Handle').fill(handle);
	await page.getByRole('button', { name: 'Create artist profile' }).click();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
	return { person, handle, name };
}

/** From anywhere signed in as an artist: creates a release and lands in its editor. */
export async function createRelease(page: Page, release: { title: string; type?: string }) {
	await gotoHydrated(page, '/studio/releases/new');
	await page.getByLabel('Title').fill(release.title);
	await page.getByLabel('Type').selectOption(release.type ?? 'ep');
	await page.getByRole('button', { name: 'Create release' }).click();
	await expect(page.getByRole('heading', { level: 1, name: release.title })).toBeVisible();
	return page.url().replace(/\?.*$/, '');
}
