import { expect, type Page } from '@playwright/test';

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

export async function signUp(page: Page, person: { displayName: string; email: string; password: string }) {
	await page.goto('/signup');
	await page.getByLabel('Display name').fill(person.displayName);
	await page.getByLabel('Email').fill(person.email);
	await page.getByLabel('Password').fill(person.password);
	await page.getByRole('button', { name: 'Sign up' }).click();
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
	await gotoHydrated(page, '/signup');
	await page.getByLabel('Display name').fill(person.displayName);
	await page.getByLabel('Email').fill(person.email);
	await page.getByLabel('Password').fill(person.password);
	await page.getByRole('button', { name: 'Sign up' }).click();
	await expect(page.getByRole('heading', { level: 1, name: person.displayName })).toBeVisible();
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
