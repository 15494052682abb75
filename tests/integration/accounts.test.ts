import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIGN_IN_FAILED } from '../../src/lib/server/accounts/account-service';
import {
	SESSION_ABSOLUTE_LIFETIME_MS,
	SESSION_ACTIVITY_CHECK_MS,
	SESSION_INACTIVITY_TIMEOUT_MS
} from '../../src/lib/server/auth/session-service';
import { THROTTLE_WINDOW_MS } from '../../src/lib/server/auth/throttle';
import { ServiceError } from '../../src/lib/server/errors';
import { createTestApp, newPerson, type TestApp } from '../helpers/app-context';

let app: TestApp;
beforeEach(() => {
	app = createTestApp();
});
afterEach(() => app.cleanup());

async function failure(promise: Promise<unknown>): Promise<ServiceError> {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(ServiceError);
	return error as ServiceError;
}

describe('sign-up', () => {
	it('creates the account, stores only an argon2id hash, and opens a session', async () => {
		const person = newPerson({ email: ' Mei@Example.org ' });
		const signedIn = await app.context.accounts.signUp(person);
		expect(signedIn.user).toMatchObject({
			displayName: person.displayName,
			email: 'mei@example.org',
			isAdmin: false
		});
		const row = app.context.repositories.users.findByEmail('mei@example.org');
		expect(row?.passwordHash.startsWith('$argon2id$')).toBe(true);
		expect(row?.passwordHash).not.toContain(person.password);
		expect(app.context.sessions.validate(signedIn.token)?.user.id).toBe(signedIn.user.id);
	});

	it('explains every invalid field and writes nothing', async () => {
		const error = await failure(
			app.context.accounts.signUp({ displayName: '', email: 'nope', password: '123' })
		);
		expect(error.kind).toBe('invalid');
		expect(Object.keys(error.fields).sort()).toEqual(['displayName', 'email', 'password']);
		expect(app.context.repositories.users.findByEmail('nope')).toBeUndefined();
	});

	it('refuses a common password', async () => {
		const error = await failure(app.context.accounts.signUp(newPerson({ password: 'password123' })));
		expect(error.fields.password).toMatch(/most common/);
	});

	it('refuses a second account for the same email, in any case', async () => {
		const person = newPerson();
		await app.context.accounts.signUp(person);
		const error = await failure(
			app.context.accounts.signUp({ ...person, email: person.email.toUpperCase() })
		);
		expect(error.kind).toBe('conflict');
	});
});

describe('sign-in', () => {
	it('signs in with the right password and opens a new session each time', async () => {
		const person = newPerson();
		const first = await app.context.accounts.signUp(person);
		const second = await app.context.accounts.signIn(person, '203.0.113.1');
		expect(second.user.id).toBe(first.user.id);
		expect(second.sessionId).not.toBe(first.sessionId);
	});

	it('answers a wrong password and an unknown account with the same words', async () => {
		const person = newPerson();
		await app.context.accounts.signUp(person);
		const wrong = await failure(
			app.context.accounts.signIn({ ...person, password: 'not the password' }, '203.0.113.1')
		);
		const unknown = await failure(
			app.context.accounts.signIn({ email: 'nobody@example.org', password: 'whatever123' }, '203.0.113.1')
		);
		expect(wrong.message).toBe(SIGN_IN_FAILED);
		expect(unknown.message).toBe(SIGN_IN_FAILED);
		expect(wrong.status).toBe(unknown.status);
	});

	it('throttles an account after 10 failures, even for the right password, then lets it in later', async () => {
		const person = newPerson();
		await app.context.accounts.signUp(person);
		const attempt = (password: string, ip = `198.51.100.${Math.floor(Math.random() * 200)}`) =>
			app.context.accounts.signIn({ email: person.email, password }, ip);
		for (let i = 0; i < 9; i++)
			expect((await failure(attempt('wrong password'))).kind).toBe('unauthenticated');
		const tenth = await failure(attempt('wrong password'));
		expect(tenth.kind).toBe('rate_limited');
		expect(tenth.message).toMatch(/Too many sign-in attempts\. Try again in \d+ seconds/);
		expect((await failure(attempt(person.password))).kind).toBe('rate_limited');

		app.clock.advance(31_000);
		expect((await failure(attempt('wrong again'))).kind).toBe('rate_limited');
		const wait = (await failure(attempt(person.password))).retryAfterSeconds ?? 0;
		expect(wait).toBeGreaterThan(30); // the delay grew
		app.clock.advance(wait * 1000 + THROTTLE_WINDOW_MS);
		expect((await attempt(person.password)).user.email).toBe(person.email);
	});

	it('throttles unknown accounts exactly like known ones', async () => {
		const attempt = () =>
			app.context.accounts.signIn({ email: 'ghost@example.org', password: 'wrong password' }, '192.0.2.7');
		for (let i = 0; i < 9; i++) expect((await failure(attempt())).kind).toBe('unauthenticated');
		expect((await failure(attempt())).kind).toBe('rate_limited');
	});

	it('throttles one address guessing across many accounts', async () => {
		const ip = '192.0.2.99';
		let last: ServiceError | undefined;
		for (let i = 0; i < 50; i++) {
			last = await failure(
				app.context.accounts.signIn({ email: `guess${i}@example.org`, password: 'x1x2x3x4x5' }, ip)
			);
		}
		expect(last?.kind).toBe('rate_limited');
		const person = newPerson();
		await app.context.accounts.signUp(person);
		expect((await failure(app.context.accounts.signIn(person, ip))).kind).toBe('rate_limited');
		expect((await app.context.accounts.signIn(person, '192.0.2.100')).user.email).toBe(person.email);
	});
});

describe('sessions', () => {
	it('end after the inactivity timeout', async () => {
		const { token } = await app.context.accounts.signUp(newPerson());
		app.clock.advance(SESSION_INACTIVITY_TIMEOUT_MS - 1000);
		expect(app.context.sessions.validate(token)).not.toBeNull();
		app.clock.advance(SESSION_INACTIVITY_TIMEOUT_MS - 1000);
		expect(app.context.sessions.validate(token)).not.toBeNull(); // used in between: still alive
		app.clock.advance(SESSION_INACTIVITY_TIMEOUT_MS);
		expect(app.context.sessions.validate(token)).toBeNull();
		expect(app.context.sessions.validate(token)).toBeNull(); // and it is gone for good
	});

	it('end after the absolute lifetime however often they are used', async () => {
		const { token } = await app.context.accounts.signUp(newPerson());
		const step = SESSION_ACTIVITY_CHECK_MS * 24;
		for (let elapsed = step; elapsed < SESSION_ABSOLUTE_LIFETIME_MS; elapsed += step) {
			app.clock.advance(step);
			expect(app.context.sessions.validate(token)).not.toBeNull();
		}
		app.clock.advance(step);
		expect(app.context.sessions.validate(token)).toBeNull();
	});

	it('are renewed at most once per activity interval', async () => {
		const { token } = await app.context.accounts.signUp(newPerson());
		expect(app.context.sessions.validate(token)?.renewed).toBe(false);
		app.clock.advance(SESSION_ACTIVITY_CHECK_MS);
		expect(app.context.sessions.validate(token)?.renewed).toBe(true);
		expect(app.context.sessions.validate(token)?.renewed).toBe(false);
	});

	it('refuse a token whose secret was tampered with', async () => {
		const { token } = await app.context.accounts.signUp(newPerson());
		const [id, secret] = token.split('.');
		const flipped = `${id}.${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
		expect(app.context.sessions.validate(flipped)).toBeNull();
		expect(app.context.sessions.validate(token)).not.toBeNull();
	});

	it('end on sign-out', async () => {
		const { token, sessionId } = await app.context.accounts.signUp(newPerson());
		app.context.accounts.signOut(sessionId);
		expect(app.context.sessions.validate(token)).toBeNull();
	});

	it('all end on a password change, which opens a fresh one', async () => {
		const person = newPerson();
		const first = await app.context.accounts.signUp(person);
		const second = await app.context.accounts.signIn(person, '203.0.113.5');
		const changed = await app.context.accounts.changePassword(
			first.user.id,
			{
				currentPassword: person.password,
				newPassword: 'a brand new tide',
				confirmPassword: 'a brand new tide'
			},
			'203.0.113.5'
		);
		expect(app.context.sessions.validate(first.token)).toBeNull();
		expect(app.context.sessions.validate(second.token)).toBeNull();
		expect(app.context.sessions.validate(changed.token)?.user.id).toBe(first.user.id);
		expect((await failure(app.context.accounts.signIn(person, '203.0.113.5'))).kind).toBe('unauthenticated');
		await app.context.accounts.signIn({ email: person.email, password: 'a brand new tide' }, '203.0.113.5');
	});

	it('a password change needs the current password and a matching confirmation', async () => {
		const person = newPerson();
		const { user, token } = await app.context.accounts.signUp(person);
		const wrongCurrent = await failure(
			app.context.accounts.changePassword(
				user.id,
				{
					currentPassword: 'not it at all',
					newPassword: 'a brand new tide',
					confirmPassword: 'a brand new tide'
				},
				'203.0.113.5'
			)
		);
		expect(wrongCurrent.fields.currentPassword).toBe('This is not your current password.');
		const mismatch = await failure(
			app.context.accounts.changePassword(
				user.id,
				{
					currentPassword: person.password,
					newPassword: 'a brand new tide',
					confirmPassword: 'a brand new time'
				},
				'203.0.113.5'
			)
		);
		expect(mismatch.fields.confirmPassword).toMatch(/do not match/);
		expect(app.context.sessions.validate(token)).not.toBeNull();
	});
});
