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
