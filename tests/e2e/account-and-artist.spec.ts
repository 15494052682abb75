import { expect, test, type Page } from '@playwright/test';
import { signIn, signOut, signUp, uniquePerson } from './helpers';

async function fullJourney(page: Page, label: string) {
	const person = uniquePerson(label);
	const handle = person.id.replace(/[^a-z0-9]/g, '').slice(0, 24);
	const nav = page.getByRole('navigation', { name: 'Main' });

	// Sign up through the mailed link: lands on the home page, signed in (the helper then opens /account).
	await signUp(page, person);
	await expect(page.getByText(person.email)).toBeVisible();

	// Become an artist.
	await nav.getByRole('link', { name: 'Become an artist' }).click();
	await expect(page.getByRole('heading', { name: 'Become an artist' })).toBeVisible();
	await page.getByLabel('Artist name').fill(`The ${label} Tides`);
	await page.getByLabel('Handle').fill(handle);
	await page.getByLabel('Bio').fill('Field recordings & <b>synths</b> from the harbour.');
	await page.getByLabel('Links').fill('https://tides.example.org\njavascript:alert(1)');
	await page.getByRole('button', { name: 'Create artist profile' }).click();
	// The javascript: link is refused with a clear message, and what was typed is kept.
	await expect(
		page.getByText('Links must be full web addresses starting with https:// or http://.')
	).toBeVisible();
	await expect(page.getByLabel('Artist name')).toHaveValue(`The ${label} Tides`);
	await page.getByLabel('Links').fill('https://tides.example.org');
	await page.getByRole('button', { name: 'Create artist profile' }).click();

	// The public page at /@handle; the bio is shown as text, never as HTML.
	await expect(page).toHaveURL(new RegExp(`/@${handle}`));
	await expect(page.getByRole('heading', { level: 1, name: `The ${label} Tides` })).toBeVisible();
	await expect(page.getByText('Field recordings & <b>synths</b> from the harbour.')).toBeVisible();
	await expect(page.getByRole('link', { name: 'tides.example.org' })).toHaveAttribute(
		'href',
		'https://tides.example.org'
	);

	// Edit it.
	await page.getByRole('link', { name: 'Edit profile' }).click();
	await page.getByLabel('Artist name').fill(`The ${label} Tides (live)`);
	await page.getByRole('button', { name: 'Save profile' }).click();
	await expect(page.getByRole('heading', { level: 1, name: `The ${label} Tides (live)` })).toBeVisible();
	await expect(page.getByText('Your artist profile is saved.')).toBeVisible();

	// Sign out, then sign back in.
	await signOut(page);
	await page.goto(`/@${handle}`);
	await expect(page.getByRole('link', { name: 'Edit profile' })).toHaveCount(0);
	await signIn(page, person);
	await expect(nav.getByRole('link', { name: person.displayName })).toBeVisible();
	await expect(nav.getByRole('link', { name: 'My artist page' })).toHaveAttribute('href', `/@${handle}`);
}

test('sign up, become an artist, edit the profile, sign out and in again', async ({ page }) => {
	await fullJourney(page, 'js');
});

test.describe('with JavaScript disabled', () => {
	test.use({ javaScriptEnabled: false });

	test('the same journey works with plain form posts', async ({ page }) => {
		await fullJourney(page, 'nojs');
	});
});

test('sign-up explains what is wrong and keeps what was typed', async ({ page }) => {
	await page.goto('/signup');
	await page.getByLabel('Display name').fill('Ana');
	await page.getByLabel('Email').fill('ana-at-example');
	await page.getByLabel('Password').fill('password');
	await page.getByRole('button', { name: 'Sign up' }).click();
	await expect(page.getByRole('alert')).toHaveText('Please correct the highlighted fields.');
	await expect(page.getByText('Enter a valid email address, like name@example.com.')).toBeVisible();
	await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel('Display name')).toHaveValue('Ana');
	await expect(page.getByText('This password is one of the most common ones. Choose another.')).toBeVisible();
});

test('a wrong password gets the same answer as an unknown account', async ({ page }) => {
	const person = uniquePerson('wrongpw');
	await signUp(page, person);
	await signOut(page);
	await signIn(page, { email: person.email, password: 'not my password' });
	await expect(page.getByRole('alert')).toHaveText('That email and password do not match an account.');
	await signIn(page, { email: `nobody-${person.email}`, password: 'not my password' });
	await expect(page.getByRole('alert')).toHaveText('That email and password do not match an account.');
});

test('changing the password signs out other browsers', async ({ page, browser }) => {
	const person = uniquePerson('pwchange');
	await signUp(page, person);
	const otherContext = await browser.newContext();
	const other = await otherContext.newPage();
	await signIn(other, person);
	await expect(other.getByRole('link', { name: person.displayName })).toBeVisible();

	await page.goto('/account');
	await page.getByLabel('Current password').fill(person.password);
	await page.getByLabel('New password', { exact: true }).fill('a different long tide');
	await page.getByLabel('Confirm new password').fill('a different long tide');
	await page.getByRole('button', { name: 'Change password' }).click();
	await expect(
		page.getByText('Your password was changed. Other devices have been signed out.')
	).toBeVisible();

	await page.reload();
	await expect(page.getByRole('heading', { level: 1, name: person.displayName })).toBeVisible();
	await other.goto('/account');
	await expect(other).toHaveURL(/\/signin\?next=%2Faccount/);
	await otherContext.close();
});

test('someone else cannot edit an artist profile', async ({ page, browser }) => {
	const owner = uniquePerson('owner');
	await signUp(page, owner);
	await page.goto('/studio/profile');
	await page.getByLabel('Artist name').fill('Owner Band');
	await page.getByLabel('Handle').fill(`own${Date.now().toString(36)}`);
	await page.getByRole('button', { name: 'Create artist profile' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Owner Band' })).toBeVisible();
	await page.getByRole('link', { name: 'Edit profile' }).click();
	const artistId = await page.locator('input[name="artistId"]').inputValue();
	const handle = await page.getByLabel('Handle').inputValue();

	const intruderContext = await browser.newContext();
	const intruder = await intruderContext.newPage();
	await signUp(intruder, uniquePerson('intruder'));
	await intruder.goto(`/@${handle}`);
	await expect(intruder.getByRole('link', { name: 'Edit profile' })).toHaveCount(0);
	// A crafted same-origin form post naming the owner's profile is refused by the service.
	const response = await intruder.request.post('/studio/profile', {
		form: { artistId, handle, name: 'Hijacked', bio: '', links: '' },
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' }
	});
	expect(response.status()).toBe(403);
	await intruderContext.close();
	await page.goto(`/@${handle}`);
	await expect(page.getByRole('heading', { level: 1, name: 'Owner Band' })).toBeVisible();
});
