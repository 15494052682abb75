import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAIL_LIMITS } from '../../src/lib/server/accounts/mail-limits';
import { RESET_LINK_TTL_MS } from '../../src/lib/server/accounts/recovery-service';
import { accountTokens } from '../../src/lib/server/db/schema';
import { ServiceError } from '../../src/lib/server/errors';
import { createTestApp, newPerson, type TestApp } from '../helpers/app-context';
import { mailTo, readOutbox } from '../helpers/outbox';

let app: TestApp;
beforeEach(() => {
	app = createTestApp();
});
afterEach(() => app.cleanup());

async function failure(work: Promise<unknown> | (() => unknown)): Promise<ServiceError> {
	const error = await Promise.resolve()
		.then(() => (typeof work === 'function' ? work() : work))
		.then(
			() => null,
			(e: unknown) => e
		);
	expect(error).toBeInstanceOf(ServiceError);
	return error as ServiceError;
}

function tokenOf(link: string): string {
	return link.split('/').pop()!;
}

async function lastLinkTo(email: string): Promise<string> {
	await app.context.mailer.idle();
	const messages = mailTo(app.dataDir, email);
	const link = messages.at(-1)?.links.find((l) => l.startsWith(app.context.config.origin));
	expect(link).toBeDefined();
	return link!;
}

describe('password reset', () => {
	it('mails a one-time link to the outbox; only its SHA-256 is stored', async () => {
		const person = newPerson();
		await app.context.accounts.signUp(person);
		app.context.recovery.requestPasswordReset({ email: person.email }, '10.0.0.1');
		const link = await lastLinkTo(person.email);
		expect(link).toMatch(/^http:\/\/localhost:3999\/reset\/[A-Za-z0-9_-]{43}$/);
		const message = mailTo(app.dataDir, person.email)[0];
		expect(message.subject).toBe('Reset your Shoal password');
		expect(message.file).toMatch(/outbox\/[^/]+\.eml$/);

		const rows = app.context.dbHandle.db.select().from(accountTokens).all();
		expect(rows).toHaveLength(1);
		const token = tokenOf(link);
		expect(rows[0].tokenHash.equals(createHash('sha256').update(token).digest())).toBe(true);
		expect(JSON.stringify(rows)).not.toContain(token);
	});

	it('sets the new password once, ends every session, and refuses the link a second time', async () => {
		const person = newPerson();
		const laptop = await app.context.accounts.signUp(person);
		app.context.recovery.requestPasswordReset({ email: person.email }, '10.0.0.1');
		const token = tokenOf(await lastLinkTo(person.email));
		expect(app.context.recovery.isLinkValid('password_reset', token)).toBe(true);

		const fresh = { newPassword: 'a brand new harbour', confirmPassword: 'a brand new harbour' };
		const signedIn = await app.context.recovery.resetPassword(token, fresh);
		expect(app.context.sessions.validate(laptop.token)).toBeNull();
		expect(app.context.sessions.validate(signedIn.token)?.user.email).toBe(person.email);
		await app.context.accounts.signIn({ email: person.email, password: fresh.newPassword }, '10.0.0.1');

		expect(app.context.recovery.isLinkValid('password_reset', token)).toBe(false);
		const again = await failure(app.context.recovery.resetPassword(token, fresh));
		expect(again.message).toBe('This link has expired or was already used.');
	});

	it('applies the password policy without using up the link', async () => {
		const person = newPerson();
		await app.context.accounts.signUp(person);
		app.context.recovery.requestPasswordReset({ email: person.email }, '10.0.0.1');
		const token = tokenOf(await lastLinkTo(person.email));
		const weak = await failure(
			app.context.recovery.resetPassword(token, {
				newPassword: 'password123',
				confirmPassword: 'password123'
			})
		);
		expect(weak.fields.newPassword).toMatch(/most common/);
		expect(app.context.recovery.isLinkValid('password_reset', token)).toBe(true);
	});

	it('expires after 30 minutes', async () => {
		const person = newPerson();
		await app.context.accounts.signUp(person);
		app.context.recovery.requestPasswordReset({ email: person.email }, '10.0.0.1');
		const token = tokenOf(await lastLinkTo(person.email));
		app.clock.advance(RESET_LINK_TTL_MS + 1);
		expect(app.context.recovery.isLinkValid('password_reset', token)).toBe(false);
		const late = await failure(
			app.context.recovery.resetPassword(token, {
				newPassword: 'a brand new harbour',
				confirmPassword: 'a brand new harbour'
			})
		);
		expect(late.message).toMatch(/expired/);
	});

	it('refuses made-up and malformed tokens alike', async () => {
		const fresh = { newPassword: 'a brand new harbour', confirmPassword: 'a brand new harbour' };
		for (const token of ['x'.repeat(43), 'short', '../../etc/passwd']) {
			expect((await failure(app.context.recovery.resetPassword(token, fresh))).kind).toBe('invalid');
		}
	});

	it('answers the same for an unknown address and mails nobody', async () => {
		const person = newPerson();
		await app.context.accounts.signUp(person);
		const known = app.context.recovery.requestPasswordReset({ email: person.email }, '10.0.0.1');
		const unknown = app.context.recovery.requestPasswordReset({ email: 'nobody@example.org' }, '10.0.0.1');
		expect(unknown).toEqual(known);
		await app.context.mailer.idle();
		expect(mailTo(app.dataDir, 'nobody@example.org')).toHaveLength(0);
		expect(readOutbox(app.dataDir)).toHaveLength(1);
	});

	it('limits requests per address (known or not) and per IP', async () => {
		const person = newPerson();
		await app.context.accounts.signUp(person);
		for (const email of [person.email, 'nobody@example.org']) {
			for (let i = 0; i < MAIL_LIMITS.perAddress; i++)
				app.context.recovery.requestPasswordReset({ email }, `10.0.1.${i}`);
			const limited = await failure(() => app.context.recovery.requestPasswordReset({ email }, '10.0.2.1'));
			expect(limited.kind).toBe('rate_limited');
		}
		await app.context.mailer.idle();
		expect(mailTo(app.dataDir, person.email)).toHaveLength(MAIL_LIMITS.perAddress);

		for (let i = 0; i < MAIL_LIMITS.perIp; i++)
			app.context.recovery.requestPasswordReset({ email: `someone${i}@example.org` }, '10.9.9.9');
		const byIp = await failure(() =>
			app.context.recovery.requestPasswordReset({ email: 'one-more@example.org' }, '10.9.9.9')
		);
		expect(byIp.kind).toBe('rate_limited');

		app.clock.advance(60 * 60_000 + 1);
		app.context.recovery.requestPasswordReset({ email: person.email }, '10.9.9.9');
	});
});

describe('sign-up without enumeration', () => {
	it('answers the same for a new and a known address; the known owner is told, the new one gets a link', async () => {
		const owner = newPerson();
		await app.context.accounts.signUp(owner);
		const newcomer = newPerson();
		const forNew = await app.context.registration.requestSignUp(newcomer, '10.0.0.1');
		const forKnown = await app.context.registration.requestSignUp(
			{ ...newPerson(), email: owner.email },
			'10.0.0.1'
		);
		expect(Object.keys(forKnown)).toEqual(Object.keys(forNew));
		expect(forKnown.sentTo).toBe(owner.email);
		await app.context.mailer.idle();
		const told = mailTo(app.dataDir, owner.email);
		expect(told).toHaveLength(1);
		expect(told[0].text).toContain('already has one');
		expect(told[0].links).toContain('http://localhost:3999/reset');
		expect(app.context.repositories.users.findByEmail(newcomer.email)).toBeUndefined();

		const link = await lastLinkTo(newcomer.email);
		const token = tokenOf(link);
		const signedIn = app.context.registration.confirmSignUp(token);
		expect(signedIn.role).toBe('listener');
		expect(app.context.sessions.validate(signedIn.token)?.user.email).toBe(newcomer.email);
		const row = app.context.repositories.users.findByEmail(newcomer.email);
		expect(row?.passwordHash.startsWith('$argon2id$')).toBe(true);
		expect((await failure(() => app.context.registration.confirmSignUp(token))).kind).toBe('invalid');
	});

	it('remembers "I\'m an artist" and still checks every field', async () => {
		await app.context.registration.requestSignUp(
			{ ...newPerson({ email: 'art@example.org' }), role: 'artist' },
			'10.0.0.1'
		);
		const signedIn = app.context.registration.confirmSignUp(tokenOf(await lastLinkTo('art@example.org')));
		expect(signedIn.role).toBe('artist');

		await app.context.registration.requestSignUp(
			{ ...newPerson({ email: 'plain@example.org' }), role: '' },
			'10.0.0.1'
		);
		expect(app.context.registration.confirmSignUp(tokenOf(await lastLinkTo('plain@example.org'))).role).toBe(
			'listener'
		);

		const bad = await failure(
			app.context.registration.requestSignUp({ displayName: '', email: 'nope', password: '123' }, '10.0.0.1')
		);
		expect(Object.keys(bad.fields).sort()).toEqual(['displayName', 'email', 'password']);
	});

	it('a sign-up link for an address taken meanwhile creates nothing', async () => {
		const person = newPerson();
		await app.context.registration.requestSignUp(person, '10.0.0.1');
		const token = tokenOf(await lastLinkTo(person.email));
		await app.context.accounts.signUp(person);
		const taken = await failure(() => app.context.registration.confirmSignUp(token));
		expect(taken.kind).toBe('conflict');
	});
});

describe('email change', () => {
	it('needs the current password, mails a link to the new address and a notice to the old, applies once', async () => {
		const person = newPerson();
		const { user } = await app.context.accounts.signUp(person);
		const wrong = await failure(
			app.context.recovery.requestEmailChange(
				user.id,
				{ newEmail: 'moved@example.org', currentPassword: 'not it' },
				'10.0.0.1'
			)
		);
		expect(wrong.fields.currentPassword).toBeDefined();
		await app.context.mailer.idle();
		expect(readOutbox(app.dataDir)).toHaveLength(0);

		await app.context.recovery.requestEmailChange(
			user.id,
			{ newEmail: 'Moved@Example.org', currentPassword: person.password },
			'10.0.0.1'
		);
		const token = tokenOf(await lastLinkTo('moved@example.org'));
		const notice = mailTo(app.dataDir, person.email);
		expect(notice).toHaveLength(1);
		expect(notice[0].text).toContain('moved@example.org');
		// Nothing changes until the link is opened.
		expect(app.context.repositories.users.findById(user.id)?.email).toBe(person.email);

		expect(app.context.recovery.confirmEmailChange(token)).toEqual({ email: 'moved@example.org' });
		expect(app.context.repositories.users.findById(user.id)?.email).toBe('moved@example.org');
		expect((await failure(() => app.context.recovery.confirmEmailChange(token))).kind).toBe('invalid');
	});

	it('an address with an account gets a notice instead of a link, and the answer is the same', async () => {
		const person = newPerson();
		const other = newPerson();
		const { user } = await app.context.accounts.signUp(person);
		await app.context.accounts.signUp(other);
		const answer = await app.context.recovery.requestEmailChange(
			user.id,
			{ newEmail: other.email, currentPassword: person.password },
			'10.0.0.1'
		);
		expect(answer).toEqual({ sentTo: other.email });
		await app.context.mailer.idle();
		const toOther = mailTo(app.dataDir, other.email);
		expect(toOther).toHaveLength(1);
		expect(toOther[0].links).toHaveLength(0);
		expect(app.context.dbHandle.db.select().from(accountTokens).all()).toHaveLength(0);
	});
});
