import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HSTS_VALUE, hstsHeader } from '../../src/lib/server/http/hsts';
import { mayReadHealthDetails } from '../../src/lib/server/system/health-access';
import { newAccount, send, startShoal, type ShoalServer, SERVER_START_MS } from './server';

describe('/healthz: plain ok/not-ok for the public, details for admins and this machine', () => {
	let server: ShoalServer;
	beforeAll(async () => {
		server = await startShoal();
	}, SERVER_START_MS);
	afterAll(() => server?.stop());

	const PROXIED: Array<[string, Record<string, string>]> = [
		['X-Forwarded-For', { 'x-forwarded-for': '198.51.100.7' }],
		['X-Forwarded-For claiming localhost', { 'x-forwarded-for': '127.0.0.1' }],
		['Forwarded', { forwarded: 'for=198.51.100.7;proto=https' }],
		['X-Real-IP', { 'x-real-ip': '127.0.0.1' }],
		['Via', { via: '1.1 proxy.example' }]
	];

	it('from this machine (the socket is 127.0.0.1, no proxy in between): the whole report', async () => {
		const response = await send(server, '/healthz');
		// The worker is off in this server, so it is unhealthy, and the code says so for everyone.
		expect(response.status).toBe(503);
		const body = await response.json();
		expect(body).toMatchObject({ status: 'unhealthy', database: { ok: true }, worker: { ok: false } });
		expect(body.disk.freeBytes).toBeGreaterThan(0);
	});

	it.each(PROXIED)('through a proxy (%s): only the status', async (_, headers) => {
		const response = await send(server, '/healthz', { headers });
		expect(response.status).toBe(503);
		expect(await response.json()).toEqual({ status: 'unhealthy' });
	});

	it('a signed-in person who is not an admin, through a proxy: only the status', async () => {
		const person = await newAccount(server);
		const response = await send(server, '/healthz', {
			headers: { cookie: person.cookie, 'x-forwarded-for': '198.51.100.7' }
		});
		expect(await response.json()).toEqual({ status: 'unhealthy' });
	});

	it('an admin, through a proxy: the whole report', async () => {
		const admin = await newAccount(server);
		server.context.dbHandle.sqlite.prepare('update users set is_admin = 1 where id = ?').run(admin.userId);
		const response = await send(server, '/healthz', {
			headers: { cookie: admin.cookie, 'x-forwarded-for': '198.51.100.7' }
		});
		const body = await response.json();
		expect(body.status).toBe('unhealthy');
		expect(body.disk.freeBytes).toBeGreaterThan(0);
	});

	it.each([
		['127.0.0.1', true],
		['127.8.9.10', true],
		['::1', true],
		['::ffff:127.0.0.1', true],
		['10.0.0.5', false],
		['192.168.1.20', false],
		['::ffff:203.0.113.9', false],
		['2001:db8::1', false],
		['127.0.0.1.evil', false],
		[undefined, false]
	] as const)('socket address %j from no proxy → details: %s', (remoteAddress, expected) => {
		expect(mayReadHealthDetails({ remoteAddress, hasHeader: () => false, isAdmin: false })).toBe(expected);
	});
});

describe('HSTS when the configured origin is https', () => {
	const PATHS = ['/', '/healthz', '/no-such-page', '/media/tracks/x/v1/master.m3u8', '/uploads/files'];

	it('the rule: https origins only', () => {
		expect(hstsHeader('https://music.example.org')).toBe(HSTS_VALUE);
		expect(hstsHeader('http://music.example.org')).toBeNull();
		expect(hstsHeader('http://localhost:3000')).toBeNull();
	});

	describe('https origin', () => {
		let server: ShoalServer;
		beforeAll(async () => {
			server = await startShoal({ ORIGIN: 'https://music.example.org' });
		}, SERVER_START_MS);
		afterAll(() => server?.stop());

		it.each(PATHS)('%s carries Strict-Transport-Security', async (path) => {
			const response = await send(server, path);
			expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
		});
	});

	describe('http origin', () => {
		let server: ShoalServer;
		beforeAll(async () => {
			server = await startShoal();
		}, SERVER_START_MS);
		afterAll(() => server?.stop());

		it.each(PATHS)('%s does not', async (path) => {
			const response = await send(server, path);
			expect(response.headers.get('strict-transport-security')).toBeNull();
		});
	});
});
