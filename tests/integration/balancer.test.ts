import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, startBalancer, STICKY_COOKIE } from '../../src/server/balancer';

describe('chooseBackend', () => {
	it.each([
		[undefined, 3, { index: 0, sticky: false }],
		[`${STICKY_COOKIE}=2`, 3, { index: 2, sticky: true }],
		[`a=b; ${STICKY_COOKIE}=1; c=d`, 3, { index: 1, sticky: true }],
		[`${STICKY_COOKIE}=7`, 3, { index: 0, sticky: false }],
		[`${STICKY_COOKIE}=x`, 3, { index: 0, sticky: false }],
		[`not_${STICKY_COOKIE}=1`, 3, { index: 0, sticky: false }]
	])('cookie %s over %i backends', (cookie, count, expected) => {
		expect(chooseBackend(cookie, count, () => 0)).toEqual(expected);
	});
});

describe('the sticky balancer', () => {
	const servers: http.Server[] = [];
	let balancer: http.Server;
	let port: number;

	async function listen(server: http.Server): Promise<number> {
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		servers.push(server);
		return (server.address() as AddressInfo).port;
	}

	beforeAll(async () => {
		const ports: number[] = [];
		for (const name of ['one', 'two']) {
			const server = http.createServer((req, res) => {
				let body = '';
				req.on('data', (chunk) => (body += chunk));
				req.on('end', () => res.end(`${name}:${req.method}:${body}`));
			});
			server.on('upgrade', (req, socket) => {
				socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n');
				socket.write(`${name}:`);
				socket.pipe(socket);
			});
			ports.push(await listen(server));
		}
		balancer = await startBalancer({
			port: 0,
			host: '127.0.0.1',
			backends: ports.map((p) => ({ host: '127.0.0.1', port: p }))
		});
		port = (balancer.address() as AddressInfo).port;
	});
	afterAll(() => {
		balancer?.close();
		for (const server of servers) server.close();
	});

	async function get(cookie?: string, body?: string) {
		const response = await fetch(`http://127.0.0.1:${port}/`, {
			method: body ? 'POST' : 'GET',
			headers: cookie ? { cookie } : {},
			body
		});
		return { text: await response.text(), setCookie: response.headers.get('set-cookie') };
	}

	it('spreads new visitors in turn and names the backend in a cookie', async () => {
		const first = await get();
		const second = await get();
		expect(new Set([first.text, second.text])).toEqual(new Set(['one:GET:', 'two:GET:']));
		expect(first.setCookie).toMatch(new RegExp(`${STICKY_COOKIE}=\\d`));
	});

	it('keeps a visitor with the cookie on the same backend, request bodies included', async () => {
		for (let i = 0; i < 4; i++) {
			const answer = await get(`${STICKY_COOKIE}=1`, `n${i}`);
			expect(answer.text).toBe(`two:POST:n${i}`);
			expect(answer.setCookie).toBeNull();
		}
	});

	it('passes WebSocket-style upgrades to the sticky backend', async () => {
		const echoed = await new Promise<string>((resolve, reject) => {
			const req = http.request({
				host: '127.0.0.1',
				port,
				headers: { connection: 'Upgrade', upgrade: 'echo', cookie: `${STICKY_COOKIE}=0` }
			});
			req.on('upgrade', (_res, socket, head) => {
				let seen = head.toString();
				socket.on('data', (chunk) => {
					seen += chunk;
					if (seen.endsWith('hello')) {
						socket.destroy();
						resolve(seen);
					}
				});
				socket.write('hello');
			});
			req.on('error', reject);
			req.end();
		});
		expect(echoed).toBe('one:hello');
	});
});
