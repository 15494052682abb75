import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redirectCases } from './redirect-targets';
import { newAccount, send, startShoal, type Person, type ShoalServer, SERVER_START_MS } from './server';

let server: ShoalServer;
let person: Person;
beforeAll(async () => {
	server = await startShoal();
	person = await newAccount(server);
}, SERVER_START_MS);
afterAll(() => server?.stop());

// Named at collection time; resolved against the real origin (its port is known once the server runs).
const cases = redirectCases('http://localhost:1').map((c, index) => [c.name, index] as const);
const resolve = (index: number) => redirectCases(server.origin)[index]!;
const query = (next: string) => `?next=${encodeURIComponent(next)}`;

function form(fields: Record<string, string>) {
	return {
		method: 'POST',
		body: new URLSearchParams(fields),
		headers: {
			origin: server.origin,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		}
	};
}

async function locationOf(response: Response): Promise<string | null> {
	expect(response.status).toBe(303);
	return response.headers.get('location');
}

describe('`next` through real HTTP: the Location header is a path on this site or the fallback', () => {
	it('the table reaches the server as given (URL parsing would drop tabs and newlines)', () => {
		expect(new URL(`http://x/${query('/\n/x')}`).searchParams.get('next')).toBe('/\n/x');
	});

	it.each(cases)('signed in, GET /signin: %s', async (_, index) => {
		const c = resolve(index);
		const response = await send(server, `/signin${query(c.next)}`, { headers: { cookie: person.cookie } });
		expect(await locationOf(response)).toBe(c.expected ?? '/');
	});

	it.each(cases)('signed in, GET /signup: %s', async (_, index) => {
		const c = resolve(index);
		const response = await send(server, `/signup${query(c.next)}`, { headers: { cookie: person.cookie } });
		expect(await locationOf(response)).toBe(c.expected ?? '/account');
	});

	it.each(cases)('after a successful sign-in: %s', async (_, index) => {
		const c = resolve(index);
		const response = await send(
			server,
			`/signin${query(c.next)}`,
			form({ email: person.email, password: person.password })
		);
		expect(await locationOf(response)).toBe(c.expected ?? '/');
	});

	// A sign-up now ends on "check your email" (the account is made from the mailed link), so the
	// answer to the form is never a redirect, whatever `next` says.
	it.each(cases)('after a sign-up request, no redirect at all: %s', async (_, index) => {
		const c = resolve(index);
		const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
		const response = await send(
			server,
			`/signup${query(c.next)}`,
			form({ displayName: 'Redirected', email: `r${stamp}@example.org`, password: 'sea glass and tide' })
		);
		expect(response.status).toBe(200);
		expect(response.headers.get('location')).toBeNull();
	});

	it('a page that needs sign-in sends people to /signin with an encoded next', async () => {
		const response = await send(server, '/history');
		expect(await locationOf(response)).toBe('/signin?next=%2Fhistory');
	});
});
