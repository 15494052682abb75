import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/lib/server/auth/throttle';
import { newAccount, send, startShoal, type Person, type ShoalServer, SERVER_START_MS } from './server';

/**
 * Every password check shares sign-in's throttle, per account: guessing through "change password" is
 * stopped exactly like guessing through sign-in, and the two spend one budget.
 */
let server: ShoalServer;
beforeAll(async () => {
	server = await startShoal();
}, SERVER_START_MS);
afterAll(() => server?.stop());

function post(path: string, fields: Record<string, string>, cookie?: string) {
	return send(server, path, {
		method: 'POST',
		headers: {
			origin: server.origin,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			...(cookie ? { cookie } : {})
		},
		body: new URLSearchParams(fields)
	});
}

const changePassword = (person: Person, current: string) =>
	post(
		'/account?/changePassword',
		{ currentPassword: current, newPassword: 'a brand new tide', confirmPassword: 'a brand new tide' },
		person.cookie
	);
const signIn = (person: Person, password: string) => post('/signin', { email: person.email, password });

describe('the password throttle', () => {
	it('stops guessing through "change password" at the sign-in limit, even with the right password', async () => {
		const person = await newAccount(server);
		const hashBefore = server.context.repositories.users.findById(person.userId)!.passwordHash;
		const statuses: number[] = [];
		for (let guess = 1; guess <= DEFAULT_LIMITS.account; guess++) {
			statuses.push((await changePassword(person, `wrong guess ${guess}`)).status);
		}
		expect(statuses).toEqual([...Array(DEFAULT_LIMITS.account - 1).fill(400), 429]);
		const right = await changePassword(person, person.password);
		expect(right.status).toBe(429);
		expect(await right.text()).toMatch(/Too many wrong passwords\. Try again in \d+ seconds\./);
		expect(server.context.repositories.users.findById(person.userId)!.passwordHash).toBe(hashBefore);
		await expect(signIn(person, person.password).then((r) => r.status)).resolves.toBe(429);
	});

	it('sign-in failures count against "change password"', async () => {
		const person = await newAccount(server);
		for (let guess = 1; guess < DEFAULT_LIMITS.account; guess++) {
			expect((await signIn(person, `wrong guess ${guess}`)).status).toBe(401);
		}
		expect((await changePassword(person, 'one more wrong guess')).status).toBe(429);
		expect((await changePassword(person, person.password)).status).toBe(429);
	});

	it('"change password" failures count against sign-in', async () => {
		const person = await newAccount(server);
		for (let guess = 1; guess < DEFAULT_LIMITS.account; guess++) {
			expect((await changePassword(person, `wrong guess ${guess}`)).status).toBe(400);
		}
		expect((await signIn(person, 'one more wrong guess')).status).toBe(429);
		expect((await signIn(person, person.password)).status).toBe(429);
	});

	it('under the limit, the right current password changes it', async () => {
		const person = await newAccount(server);
		expect((await changePassword(person, 'a wrong guess')).status).toBe(400);
		expect((await changePassword(person, person.password)).status).toBe(200);
		expect((await signIn({ ...person }, 'a brand new tide')).status).toBe(303);
	});
});
