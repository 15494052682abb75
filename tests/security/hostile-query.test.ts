import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newArtist, send, SERVER_START_MS, startShoal, type ShoalServer } from './server';

/**
 * Bad input in a query string is a clear 4xx or a safe fallback, never a 5xx: every page and endpoint,
 * signed out and signed in (as an artist with a release), × every parameter the app reads and one it
 * does not, × hostile values as they travel on the wire (raw percent-encoding, invalid UTF-8 included).
 */
let server: ShoalServer;
let artist: Awaited<ReturnType<typeof newArtist>>;
beforeAll(async () => {
	server = await startShoal();
	artist = await newArtist(server);
}, SERVER_START_MS);
afterAll(() => server?.stop());

const ROUTES = [
	'/',
	'/signin',
	'/signup',
	'/signout',
	'/account',
	'/history',
	'/search',
	'/studio',
	'/studio/profile',
	'/studio/releases/new',
	'/studio/releases/{release}',
	'/releases/{release}',
	'/tracks/no-such-track',
	'/tags/ambient',
	'/@{handle}',
	'/healthz',
	'/api/search/suggest',
	'/api/tracks/no-such-track/playable'
];
const PARAMS = ['next', 'q', 'before', 'welcome', 'cleared', 'created', 'saved', 'unknown'];
/** [name, the value exactly as it goes on the wire] */
const VALUES: Array<[string, string]> = [
	['newline', '%2F%0A%2Fx'],
	['CRLF', '%0D%0ASet-Cookie:%20a=b'],
	['tab', '%2F%09%2Fevil.example%2F'],
	['NUL', '%00'],
	['lone %', '%'],
	['bad escape', '%zz%'],
	['invalid UTF-8', '%FF%FE'],
	['lone surrogate', '%ED%A0%80'],
	['bidi override', '%E2%80%AE'],
	['markup', '%3Cscript%3Ealert(1)%3C%2Fscript%3E'],
	['traversal', '..%2F..%2Fetc%2Fpasswd'],
	['scheme-relative', '%2F%2Fevil.example'],
	['huge number', '9'.repeat(400)],
	['negative', '-1'],
	['8 KB', 'a'.repeat(8000)],
	['repeated key', 'a&{param}=b']
];

function url(route: string, param: string, value: string): string {
	const path = route.replace('{release}', artist.release.id).replace('{handle}', artist.artist.handle);
	return `${path}?${param}=${value.replace('{param}', param)}`;
}

describe('hostile query values never make a 5xx', () => {
	const identities = ['signed out', 'signed in'] as const;
	const table = ROUTES.flatMap((route) => identities.map((who) => [route, who] as const));

	it.each(table)('%s (%s)', async (route, who) => {
		const failures: string[] = [];
		const headers: Record<string, string> = who === 'signed in' ? { cookie: artist.cookie } : {};
		// /healthz says 503 while no worker runs (none does here): that is its answer, not a fault.
		const plain = await send(server, url(route, 'x', '1'), { headers });
		await plain.arrayBuffer();
		const ownStatus = route === '/healthz' ? plain.status : undefined;
		for (const param of PARAMS) {
			for (const [name, value] of VALUES) {
				const target = url(route, param, value);
				const response = await send(server, target, { headers });
				await response.arrayBuffer();
				if (response.status >= 500 && response.status !== ownStatus)
					failures.push(`${response.status} ${param}=${name}: ${target.slice(0, 120)}`);
				const location = response.headers.get('location');
				if (location !== null && !/^\/(?![/\\])[\x21-\x7e]*$/.test(location))
					failures.push(`unsafe Location ${JSON.stringify(location)} for ${param}=${name}`);
			}
		}
		expect(failures).toEqual([]);
	});
});
