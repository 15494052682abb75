import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealtimeIdentity } from '../../src/lib/shared/realtime-events';
import { SESSION_COOKIE } from '../../src/lib/shared/realtime-events';
import { newArtist, send, startShoal, type ShoalServer, SERVER_START_MS } from './server';

/**
 * Every state-changing path × where the request comes from. A same-origin request passes the origin
 * rule (whatever the action then says); a foreign Origin and a session cookie without Origin are
 * refused with 403 before anything happens; a request with neither Origin nor cookie (a non-browser
 * client) is treated as today: SvelteKit refuses form posts without Origin itself, JSON goes on, uploads
 * ask for a session, the socket connects anonymously.
 */

let server: ShoalServer;
let artist: Awaited<ReturnType<typeof newArtist>>;
beforeAll(async () => {
	server = await startShoal();
	artist = await newArtist(server);
}, SERVER_START_MS);
afterAll(() => server?.stop());

type Cell = 'same origin' | 'foreign origin' | 'no origin + cookie' | 'no origin, no cookie';
const CELLS: Cell[] = ['same origin', 'foreign origin', 'no origin + cookie', 'no origin, no cookie'];
/** Shoal's refusals, and SvelteKit's own for a form post without our Origin (it runs before the hooks). */
const REFUSALS =
	/Cross-origin requests that change data|must come from Shoal’s own pages|only accepted from Shoal’s own pages|Cross-site POST form submissions are forbidden/;

/** A fresh session per request: a same-origin sign-out must not end the next request's session. */
function cookie(): string {
	return `${SESSION_COOKIE}=${server.context.sessions.create(artist.userId).token}`;
}

function headersFor(cell: Cell, extra: Record<string, string> = {}): Record<string, string> {
	const headers: Record<string, string> = { ...extra };
	if (cell === 'same origin') headers.origin = server.origin;
	if (cell === 'foreign origin') headers.origin = 'https://evil.example';
	if (cell !== 'no origin, no cookie') headers.cookie = cookie();
	return headers;
}

interface PathCase {
	name: string;
	/** Makes the request (fresh resources as needed) with these origin/cookie headers. */
	request(headers: Record<string, string>): Promise<Response>;
	/** Status when neither Origin nor cookie is sent (what the path answers a non-browser client today). */
	withoutBoth: number;
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
function formPost(path: string, fields: Record<string, string> = {}): PathCase {
	return {
		name: `POST ${path}`,
		request: (headers) =>
			send(server, path, {
				method: 'POST',
				headers: { ...FORM, ...headers },
				body: new URLSearchParams(fields)
			}),
		// SvelteKit's own check: a form post without Origin is cross-site to it.
		withoutBoth: 403
	};
}

const TUS = { 'tus-resumable': '1.0.0' };
const metadata = () =>
	`releaseId ${Buffer.from(artist.release.id).toString('base64')},filename ${Buffer.from('a.wav').toString('base64')}`;
/** A fresh upload, created the way the studio does it (same origin, with the cookie). */
async function newUpload(): Promise<string> {
	const response = await send(server, '/uploads/files', {
		method: 'POST',
		headers: {
			...TUS,
			origin: server.origin,
			cookie: cookie(),
			'upload-length': '1000',
			'upload-metadata': metadata()
		}
	});
	expect(response.status).toBe(201);
	return new URL(response.headers.get('location')!, server.url).pathname;
}
function uploadRequest(method: string, withoutBoth: number): PathCase {
	return {
		name: `${method} /uploads/files/{id}`,
		async request(headers) {
			const path = await newUpload();
			const extra: Record<string, string> =
				method === 'PATCH' ? { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' } : {};
			return send(server, path, {
				method,
				headers: { ...TUS, ...extra, ...headers },
				...(method === 'PATCH' ? { body: new Uint8Array(10) } : {})
			});
		},
		withoutBoth
	};
}

const releasePath = () => `/studio/releases/${artist.release.id}`;
const PATHS: PathCase[] = [
	formPost('/signin'),
	formPost('/signup'),
	formPost('/signout'),
	formPost('/account?/changePassword'),
	formPost('/studio/profile'),
	formPost('/studio/releases/new'),
	...['details', 'cover', 'editTrack', 'moveTrack', 'deleteTrack', 'retryTrack', 'publish', 'unpublish'].map(
		(action) => ({
			...formPost(`/studio/releases/{id}?/${action}`),
			name: `POST /studio/releases/{id}?/${action}`,
			request: (headers: Record<string, string>) =>
				send(server, `${releasePath()}?/${action}`, {
					method: 'POST',
					headers: { ...FORM, ...headers },
					body: new URLSearchParams()
				})
		})
	),
	formPost('/history?/clear'),
	{
		name: 'POST /api/plays (JSON)',
		request: (headers) =>
			send(server, '/api/plays', {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body: JSON.stringify({ trackId: 'none', heardSeconds: 40 })
			}),
		withoutBoth: 200
	},
	{
		name: 'DELETE /account (no such handler)',
		request: (headers) => send(server, '/account', { method: 'DELETE', headers }),
		withoutBoth: 405
	},
	{
		name: 'POST /uploads/files (create)',
		request: (headers) =>
			send(server, '/uploads/files', {
				method: 'POST',
				headers: { ...TUS, 'upload-length': '1000', 'upload-metadata': metadata(), ...headers }
			}),
		withoutBoth: 401
	},
	uploadRequest('PATCH', 401),
	uploadRequest('DELETE', 401),
	uploadRequest('HEAD', 401)
];

describe('the origin rule on every state-changing HTTP path', () => {
	const table = PATHS.flatMap((path) => CELLS.map((cell) => [path.name, cell, path] as const));

	it.each(table)('%s · %s', async (_, cell, path) => {
		const response = await path.request(headersFor(cell));
		// HEAD answers carry no body: their status is the whole answer.
		const hasBody = !path.name.startsWith('HEAD');
		const body = hasBody && response.status === 403 ? await response.text() : '';
		if (cell === 'same origin') {
			expect(response.status).not.toBe(403);
		} else if (cell === 'no origin, no cookie') {
			expect(response.status).toBe(path.withoutBoth);
			if (hasBody) expect(body).not.toMatch(/Cross-origin requests|Shoal’s own pages/);
		} else {
			expect(response.status).toBe(403);
			if (hasBody) expect(body).toMatch(REFUSALS);
		}
	});

	it.each(PATHS.filter((p) => !p.name.startsWith('HEAD')).map((p) => [p.name, p] as const))(
		'%s · cookie without Origin, marked same-origin: still refused (only GET/HEAD may omit Origin)',
		async (_, path) => {
			const response = await path.request({ cookie: cookie(), 'sec-fetch-site': 'same-origin' });
			expect(response.status).toBe(403);
			expect(await response.text()).toMatch(REFUSALS);
		}
	);

	it('a resuming HEAD the browser marks same-origin may omit Origin (browsers send none there)', async () => {
		const response = await uploadRequest('HEAD', 401).request({
			cookie: cookie(),
			'sec-fetch-site': 'same-origin'
		});
		expect(response.status).toBe(200);
		expect(response.headers.get('upload-offset')).toBe('0');
	});

	it('media paths take no writes at all', async () => {
		for (const cell of CELLS) {
			const response = await send(server, '/media/tracks/x/1/master.m3u8', {
				method: 'POST',
				headers: headersFor(cell)
			});
			expect(response.status).toBe(405);
		}
	});
});

describe('the origin rule on the Socket.IO handshake', () => {
	const transports = ['websocket', 'polling'] as const;
	const table = transports.flatMap((transport) => CELLS.map((cell) => [transport, cell] as const));

	function handshake(transport: (typeof transports)[number], headers: Record<string, string>) {
		const socket = connect(server.url, {
			transports: [transport],
			extraHeaders: headers,
			reconnection: false,
			forceNew: true
		});
		return new Promise<RealtimeIdentity | 'refused'>((resolve) => {
			socket.once('session:identity', (identity) => resolve(identity));
			socket.once('connect_error', () => resolve('refused'));
		}).finally(() => socket.disconnect());
	}

	it.each(table)('%s · %s', async (transport, cell) => {
		const outcome = await handshake(transport, headersFor(cell));
		if (cell === 'same origin') expect(outcome).toMatchObject({ anonymous: false, userId: artist.userId });
		else if (cell === 'no origin, no cookie') expect(outcome).toMatchObject({ anonymous: true });
		else expect(outcome).toBe('refused');
	});

	it.each(transports)(
		'%s · cookie without Origin, marked same-origin by the browser: accepted',
		async (transport) => {
			const outcome = await handshake(transport, { cookie: cookie(), 'sec-fetch-site': 'same-origin' });
			expect(outcome).toMatchObject({ anonymous: false });
		}
	);

	it.each(transports)(
		'%s · cookie without Origin, marked cross-site or same-site: refused',
		async (transport) => {
			for (const site of ['cross-site', 'same-site']) {
				expect(await handshake(transport, { cookie: cookie(), 'sec-fetch-site': site })).toBe('refused');
			}
		}
	);
});
