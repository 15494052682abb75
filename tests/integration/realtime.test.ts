import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRealtimeServer } from '../../src/lib/server/realtime/realtime-server';
import { SESSION_COOKIE, type RealtimeIdentity } from '../../src/lib/shared/realtime-events';
import { createTestApp, newPerson, type TestApp } from '../helpers/app-context';

const ORIGIN = 'http://localhost:3999';
let app: TestApp;
let server: http.Server;
let url: string;
const sockets: Socket[] = [];

beforeEach(async () => {
	app = createTestApp({ ORIGIN });
	server = http.createServer();
	app.context.realtime.io = createRealtimeServer(server, {
		origin: ORIGIN,
		sessions: () => app.context.sessions,
		logger: app.context.logger
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
	for (const socket of sockets.splice(0)) socket.disconnect();
	await new Promise<void>((resolve) => app.context.realtime.io!.close(() => resolve()));
	app.cleanup();
});

function open(headers: Record<string, string>): Socket {
	const socket = connect(url, {
		transports: ['websocket'],
		extraHeaders: headers,
		reconnection: false,
		forceNew: true
	});
	sockets.push(socket);
	return socket;
}

function identityOf(socket: Socket): Promise<RealtimeIdentity> {
	return new Promise((resolve, reject) => {
		socket.once('session:identity', resolve);
		socket.once('connect_error', reject);
	});
}

function refusal(socket: Socket): Promise<Error> {
	return new Promise((resolve, reject) => {
		socket.once('connect_error', resolve);
		socket.once('connect', () => reject(new Error('the handshake was accepted')));
	});
}

function disconnectReason(socket: Socket): Promise<string> {
	return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

describe('Socket.IO handshake', () => {
	it('accepts our origin anonymously and says so', async () => {
		expect(await identityOf(open({ origin: ORIGIN }))).toEqual({
			userId: null,
			displayName: null,
			anonymous: true,
			artistId: null
		});
	});

	it('reads the session cookie and identifies the user', async () => {
		const { token, user } = await app.context.accounts.signUp(newPerson({ displayName: 'Mei' }));
		const identity = await identityOf(open({ origin: ORIGIN, cookie: `${SESSION_COOKIE}=${token}` }));
		expect(identity).toEqual({ userId: user.id, displayName: 'Mei', anonymous: false, artistId: null });
	});

	it('treats an invalid session cookie as anonymous', async () => {
		const identity = await identityOf(open({ origin: ORIGIN, cookie: `${SESSION_COOKIE}=forged.token` }));
		expect(identity.anonymous).toBe(true);
	});

	it('refuses a foreign origin', async () => {
		const { token } = await app.context.accounts.signUp(newPerson());
		await refusal(open({ origin: 'https://evil.example' }));
		await refusal(open({ origin: 'https://evil.example', cookie: `${SESSION_COOKIE}=${token}` }));
		await refusal(open({ origin: 'http://localhost:3999.evil.example' }));
	});

	it('accepts a same-origin request without Origin, but not one the browser marks cross-site', async () => {
		const { token } = await app.context.accounts.signUp(newPerson());
		const cookie = `${SESSION_COOKIE}=${token}`;
		expect((await identityOf(open({ cookie, 'sec-fetch-site': 'same-origin' }))).anonymous).toBe(false);
		await refusal(open({ cookie, 'sec-fetch-site': 'cross-site' }));
		await refusal(open({ cookie, 'sec-fetch-site': 'same-site' }));
	});
});

describe('revoking sessions closes sockets', () => {
	it('sign-out closes the sockets of that session only', async () => {
		const person = newPerson();
		const laptop = await app.context.accounts.signUp(person);
		const phone = await app.context.accounts.signIn(person, '203.0.113.9');
		const laptopSocket = open({ origin: ORIGIN, cookie: `${SESSION_COOKIE}=${laptop.token}` });
		const phoneSocket = open({ origin: ORIGIN, cookie: `${SESSION_COOKIE}=${phone.token}` });
		await Promise.all([identityOf(laptopSocket), identityOf(phoneSocket)]);

		const closed = disconnectReason(laptopSocket);
		app.context.accounts.signOut(laptop.sessionId);
		expect(await closed).toBe('io server disconnect');
		expect(phoneSocket.connected).toBe(true);
	});

	it("a password change closes all of the user's sockets", async () => {
		const person = newPerson();
		const laptop = await app.context.accounts.signUp(person);
		const phone = await app.context.accounts.signIn(person, '203.0.113.9');
		const other = await app.context.accounts.signUp(newPerson());
		const sockets = [laptop, phone].map((s) =>
			open({ origin: ORIGIN, cookie: `${SESSION_COOKIE}=${s.token}` })
		);
		const bystander = open({ origin: ORIGIN, cookie: `${SESSION_COOKIE}=${other.token}` });
		await Promise.all([...sockets, bystander].map(identityOf));

		const closed = Promise.all(sockets.map(disconnectReason));
		await app.context.accounts.changePassword(
			laptop.user.id,
			{
				currentPassword: person.password,
				newPassword: 'another long tide',
				confirmPassword: 'another long tide'
			},
			'203.0.113.5'
		);
		expect(await closed).toEqual(['io server disconnect', 'io server disconnect']);
		expect(bystander.connected).toBe(true);
	});
});
