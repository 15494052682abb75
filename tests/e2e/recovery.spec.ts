import { expect, test } from '@playwright/test';
import { mailTo } from '../helpers/outbox';
import {
	finishSignUp,
	gotoHydrated,
	linkFromMail,
	requestSignUp,
	signIn,
	signOut,
	signUp,
	uniquePerson
} from './helpers';

const RESET_ANSWER =
	'If an account uses that address, we have emailed it a link to choose a new password. The link works once, for 30 minutes.';

test('reset a forgotten password from the mailed link; the link works once', async ({ page }) => {
	const person = uniquePerson('forgetful');
	await signUp(page, person);
	await signOut(page);

	await gotoHydrated(page, '/signin');
	await page.getByRole('link', { name: 'Forgot your password?' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible();
	await page.getByLabel('Email').fill(person.email);
	await page.getByRole('button', { name: 'Send me a reset link' }).click();
	await expect(page.getByRole('status')).toHaveText(RESET_ANSWER);

	const link = await linkFromMail(person.email, '/reset/');
	await page.goto(link);
	await page.getByLabel('New password', { exact: true }).fill('a lighthouse at noon');
	await page.getByLabel('Confirm new password').fill('a lighthouse at noon');
	await page.getByRole('button', { name: 'Set new password' }).click();
	await expect(page.getByText('Your new password is set. Every other device was signed out.')).toBeVisible();

	await signOut(page);
	await signIn(page, person);
	await expect(page.getByRole('alert')).toHaveText('That email and password do not match an account.');
	await signIn(page, { email: person.email, password: 'a lighthouse at noon' });
	await expect(
		page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: person.displayName })
	).toBeVisible();

	await page.goto(link);
	await expect(page.getByRole('heading', { level: 1, name: 'This link no longer works' })).toBeVisible();
});

test('the reset page says the same for an address without an account', async ({ page }) => {
	await gotoHydrated(page, '/reset');
	await page.getByLabel('Email').fill(`nobody-${Date.now()}@example.org`);
	await page.getByRole('button', { name: 'Send me a reset link' }).click();
	await expect(page.getByRole('status')).toHaveText(RESET_ANSWER);
});

test('sign up as an artist and land in the studio', async ({ page }) => {
	const person = uniquePerson('newartist');
	await requestSignUp(page, person, 'artist');
	await finishSignUp(page, person.email);
	await expect(page).toHaveURL(/\/studio\/profile/);
	await expect(page.getByRole('heading', { level: 1, name: 'Become an artist' })).toBeVisible();
	await expect(page.getByText('Welcome to Shoal! Your account is ready.')).toBeVisible();
});

test('signing up with a known address looks the same and mails its owner instead', async ({ page }) => {
	const owner = uniquePerson('owner');
	await signUp(page, owner);
	await signOut(page);
	await requestSignUp(page, { ...uniquePerson('copycat'), email: owner.email });
	await expect(page.getByRole('status')).toContainText(`We sent a message to ${owner.email}.`);
	await expect
		.poll(() => mailTo(process.env.SHOAL_E2E_DATA_DIR!, owner.email).map((m) => m.subject))
		.toContain('Someone tried to sign up to Shoal with your address');
});

test('change the email address: confirmed from the new mailbox, the old one is told', async ({ page }) => {
	const person = uniquePerson('mover');
	await signUp(page, person);
	const newEmail = `moved-${person.email}`;
	await page.getByLabel('New email address').fill(newEmail);
	await page.getByLabel('Your password').fill(person.password);
	await page.getByRole('button', { name: 'Send confirmation link' }).click();
	await expect(page.getByText(`We sent a confirmation link to ${newEmail}.`)).toBeVisible();
	await expect
		.poll(() => mailTo(process.env.SHOAL_E2E_DATA_DIR!, person.email).map((m) => m.subject))
		.toContain('Your Shoal email address is being changed');

	await page.goto(await linkFromMail(newEmail, '/account/email/'));
	await page.getByRole('button', { name: 'Use this address' }).click();
	await expect(page.getByText('Your email address is changed.')).toBeVisible();
	await expect(page.getByText(newEmail, { exact: true })).toBeVisible();
});
