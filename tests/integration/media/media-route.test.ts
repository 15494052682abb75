import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PUBLIC_LOOKUP_CACHE_MS } from '../../../src/lib/server/media/media-access';
import { SIGNED_URL_TTL_MS } from '../../../src/lib/server/media/media-urls';
import { OUTCOME_TIMEOUT_MS, TEST_TIMEOUT_MS } from '../ingest/fixtures';
import { createMediaWorld, rawRequest, type MediaWorld, type RawResponse } from './media-world';

// Real ffmpeg makes the media once; every test then talks HTTP to the real handler.
vi.setConfig({ testTimeout: TEST_TIMEOUT_MS, hookTimeout: 3 * OUTCOME_TIMEOUT_MS });

let world: MediaWorld;
beforeAll(async () => {
	world = await createMediaWorld();
});
afterAll(async () => {
	await world?.dispose();
});

const IMMUTABLE = 'public, max-age=31536000, immutable';

function get(urlPath: string, headers: Record<string, string> = {}, method = 'GET') {
	return fetch(`${world.url}${urlPath}`, { method, headers });
}

/** The URIs a playlist references, in order (variant lines, segment lines, URI="…" attributes). */
function urisOf(playlist: string): string[] {
	return playlist.split('\n').flatMap((line) => {
		if (line.startsWith('#')) return [...line.matchAll(/URI="([^"]*)"/g)].map((match) => match[1]);
		return line.trim() ? [line.trim()] : [];
	});
}

/** Every file of a published track, by walking its playlists from the master. */
async function walk(mediaKey: string, query = '', headers: Record<string, string> = {}) {
	const base = `/media/${mediaKey}/`;
	const fetched: Array<{ file: string; res: Response; body: Buffer }> = [];
	const fetchFile = async (file: string) => {
		const res = await get(`${base}${file}`, headers);
		const body = Buffer.from(await res.arrayBuffer());
		fetched.push({ file, res, body });
		return body.toString('utf8');
	};
	const master = await fetchFile(`master.m3u8${query}`);
	for (const variant of urisOf(master)) {
		const rung = variant.split('/')[0];
		const playlist = await fetchFile(variant);
		for (const uri of urisOf(playlist)) await fetchFile(`${rung}/${uri}`);
	}
	return fetched;
}

/** What a client can tell apart: status, body and every header but the date. */
function observable(res: RawResponse) {
	const { date: _date, ...headers } = res.headers;
	return { status: res.status, headers, body: res.body.toString('utf8') };
}

function signedQuery(trackId: string, userId: string | null, ttlMs?: number): string {
	return `?${world.app.context.mediaUrls.sign(trackId, userId, ttlMs).query}`;
}

describe('a published track', () => {
	it('serves every playlist, init section and segment with the right types and caching', async () => {
		const files = await walk(world.published.mediaKey);
		const rungs = new Set(files.map(({ file }) => file.split('/')[0]).filter((part) => !part.includes('.')));
		expect([...rungs].sort()).toEqual(['aac_128k', 'aac_160k', 'aac_64k', 'flac']);
		expect(files.filter(({ file }) => file.endsWith('.m4s')).length).toBeGreaterThanOrEqual(8);
		for (const { file, res, body } of files) {
			expect(res.status, file).toBe(200);
			expect(res.headers.get('accept-ranges')).toBe('bytes');
			expect(res.headers.get('x-content-type-options')).toBe('nosniff');
			expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
			expect(res.headers.get('last-modified')).toMatch(/GMT$/);
			const onDisk = fs.readFileSync(world.fileOf(world.published.mediaKey, file));
			expect(res.headers.get('content-length')).toBe(String(onDisk.length));
			expect(body.equals(onDisk), file).toBe(true);
			if (file.endsWith('.m3u8')) {
				expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
				expect(res.headers.get('cache-control')).toBe('public, max-age=60');
			} else {
				expect(res.headers.get('content-type')).toBe('audio/mp4');
				expect(res.headers.get('cache-control')).toBe(IMMUTABLE);
			}
		}
	});

	describe('byte ranges', () => {
		const file = 'aac_128k/segment_00001.m4s';
		let bytes: Buffer;
		let url: string;
		beforeAll(() => {
			bytes = fs.readFileSync(world.fileOf(world.published.mediaKey, file));
			url = `/media/${world.published.mediaKey}/${file}`;
		});

		it.each([
			['the first bytes', 'bytes=0-99', () => [0, 99]],
			['the middle', 'bytes=1000-1999', () => [1000, 1999]],
			['from an offset to the end', 'bytes=500-', () => [500, bytes.length - 1]],
			['a suffix', 'bytes=-100', () => [bytes.length - 100, bytes.length - 1]],
			['past the end, clipped', 'bytes=10-99999999', () => [10, bytes.length - 1]]
		])('answers %s with 206 and exactly those bytes', async (_label, range, expected) => {
			const [start, end] = expected();
			const res = await get(url, { Range: range });
			expect(res.status).toBe(206);
			expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${bytes.length}`);
			expect(res.headers.get('content-length')).toBe(String(end - start + 1));
			expect(res.headers.get('cache-control')).toBe(IMMUTABLE);
			expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(start, end + 1))).toBe(true);
		});

		it('answers a range beyond the file with 416', async () => {
			const res = await get(url, { Range: `bytes=${bytes.length}-` });
			expect(res.status).toBe(416);
			expect(res.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
			expect(await res.text()).toMatch(/not in this file/);
		});

		it('ignores a range whose If-Range no longer matches', async () => {
			const res = await get(url, { Range: 'bytes=0-9', 'If-Range': '"0-0"' });
			expect(res.status).toBe(200);
			expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
		});

		it('answers HEAD with the headers and no body', async () => {
			const res = await rawRequest(world.url, url, { method: 'HEAD' });
			expect(res.status).toBe(200);
			expect(res.headers['content-length']).toBe(String(bytes.length));
			expect(res.headers['content-type']).toBe('audio/mp4');
			expect(res.body.length).toBe(0);
			const ranged = await rawRequest(world.url, url, { method: 'HEAD', headers: { Range: 'bytes=0-9' } });
			expect(ranged.status).toBe(206);
			expect(ranged.headers['content-length']).toBe('10');
		});

		it('revalidates with ETag and Last-Modified', async () => {
			const first = await get(url);
			const etag = first.headers.get('etag')!;
			const lastModified = first.headers.get('last-modified')!;
			const cached = await get(url, { 'If-None-Match': etag });
			expect(cached.status).toBe(304);
			expect(cached.headers.get('etag')).toBe(etag);
			expect(cached.headers.get('cache-control')).toBe(IMMUTABLE);
			expect((await cached.arrayBuffer()).byteLength).toBe(0);
			expect((await get(url, { 'If-None-Match': `"other", ${etag}` })).status).toBe(304);
			expect((await get(url, { 'If-None-Match': '"other"' })).status).toBe(200);
			expect((await get(url, { 'If-Modified-Since': lastModified })).status).toBe(304);
			expect((await get(url, { 'If-Modified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT' })).status).toBe(200);
		});
	});

	it('closes the file when a listener goes away mid-segment, and keeps serving', async () => {
		const url = new URL(`/media/${world.published.mediaKey}/flac/segment_00000.m4s`, world.url);
		const openFiles = () => fs.readdirSync('/proc/self/fd').length;
		const before = openFiles();
		for (let i = 0; i < 20; i++) {
			await new Promise<void>((resolve, reject) => {
				const req = http.get(url, { agent: false }, (res) => {
					res.once('data', () => {
						req.destroy();
						resolve();
					});
				});
				req.on('error', (error: NodeJS.ErrnoException) =>
					error.code === 'ECONNRESET' ? resolve() : reject(error)
				);
			});
		}
		await expect.poll(openFiles, { timeout: 10_000 }).toBeLessThanOrEqual(before);
		expect((await get(url.pathname)).status).toBe(200);
	});

	it('allows GET and HEAD only', async () => {
		for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
			const res = await rawRequest(world.url, `/media/${world.published.mediaKey}/master.m3u8`, { method });
			expect(res.status, method).toBe(405);
			expect(res.headers.allow).toBe('GET, HEAD');
		}
	});
});

describe('what is not public', () => {
	const MISSING_TRACK = 'NoSuchTrack0000000000';

	it('answers an unsigned request for a draft, a stale version and a missing track alike', async () => {
		const { draft, published } = world;
		const staleVersion = published.mediaKey.replace(/\/v[^/]+$/, '/v1-1');
		// A leftover older version really on disk: only the database says it is not current.
		fs.cpSync(world.fileOf(published.mediaKey, ''), world.fileOf(staleVersion, ''), { recursive: true });
		const paths = [
			`/media/${draft.mediaKey}/master.m3u8`,
			`/media/${staleVersion}/master.m3u8`,
			`/media/tracks/${MISSING_TRACK}/v1-1/master.m3u8`
		];
		const answers = await Promise.all(paths.map((p) => rawRequest(world.url, p)));
		expect(answers[0].status).toBe(404);
		for (const answer of answers) expect(observable(answer)).toEqual(observable(answers[0]));
		// The same for a segment, and for a session that is not the owner's.
		const segment = await rawRequest(world.url, `/media/${draft.mediaKey}/aac_64k/segment_00000.m4s`, {
			headers: { Cookie: world.stranger.cookie }
		});
		expect(observable(segment)).toEqual(observable(answers[0]));
		// Even the owner needs a signature for a track: the player gets one from the playable endpoint.
		const owner = await rawRequest(world.url, paths[0], { headers: { Cookie: world.owner.cookie } });
		expect(observable(owner)).toEqual(observable(answers[0]));
	});

	it('answers a bad signature alike whether the track exists or not', async () => {
		const bad = `?exp=${world.app.clock.now() + 60_000}&sig=${'A'.repeat(43)}`;
		const draft = await rawRequest(world.url, `/media/${world.draft.mediaKey}/master.m3u8${bad}`);
		const missing = await rawRequest(world.url, `/media/tracks/${MISSING_TRACK}/v1-1/master.m3u8${bad}`);
		expect(draft.status).toBe(403);
		expect(observable(missing)).toEqual(observable(draft));
		// A valid signature for a track that does not exist (or for an old version) opens nothing.
		const valid = signedQuery(MISSING_TRACK, null);
		expect(
			(await rawRequest(world.url, `/media/tracks/${MISSING_TRACK}/v1-1/master.m3u8${valid}`)).status
		).toBe(404);
		const draftStale = world.draft.mediaKey.replace(/\/v[^/]+$/, '/v1-1');
		const draftValid = signedQuery(world.draft.trackId, null);
		expect((await rawRequest(world.url, `/media/${draftStale}/master.m3u8${draftValid}`)).status).toBe(404);
	});

	describe('with a signature', () => {
		it('serves the draft to the user it was signed for, rewriting every playlist URI', async () => {
			const query = signedQuery(world.draft.trackId, world.owner.userId);
			const files = await walk(world.draft.mediaKey, query, { Cookie: world.owner.cookie });
			expect(files.filter(({ file }) => file.includes('.m4s')).length).toBeGreaterThanOrEqual(3);
			for (const { file, res, body } of files) {
				expect(res.status, file).toBe(200);
				expect(res.headers.get('cache-control')).toBe('private, no-store');
				if (!file.includes('.m3u8')) continue;
				const uris = urisOf(body.toString('utf8'));
				expect(uris.length).toBeGreaterThan(0);
				for (const uri of uris) expect(uri.endsWith(query)).toBe(true);
			}
			// ffmpeg numbers init files by the rung's place in its process (init_0.mp4, init_1.mp4 …).
			const init = files.find(({ file }) => /^aac_128k\/init(_\d+)?\.mp4\?/.test(file))!;
			const initFile = init.file.split('?')[0];
			expect(init.body.equals(fs.readFileSync(world.fileOf(world.draft.mediaKey, initFile)))).toBe(true);
		});

		it('serves a signed playlist in ranges too', async () => {
			const query = signedQuery(world.draft.trackId, world.owner.userId);
			const url = `/media/${world.draft.mediaKey}/master.m3u8${query}`;
			const whole = await (await get(url, { Cookie: world.owner.cookie })).text();
			const part = await get(url, { Cookie: world.owner.cookie, Range: 'bytes=-20' });
			expect(part.status).toBe(206);
			expect(await part.text()).toBe(whole.slice(-20));
		});

		it('serves a draft signed for nobody in particular without a session', async () => {
			const query = signedQuery(world.draft.trackId, null);
			const res = await get(`/media/${world.draft.mediaKey}/aac_64k/index.m3u8${query}`);
			expect(res.status).toBe(200);
		});

		it('refuses a signature borrowed by someone else, or by nobody', async () => {
			const query = signedQuery(world.draft.trackId, world.owner.userId);
			const url = `/media/${world.draft.mediaKey}/master.m3u8${query}`;
			for (const headers of [{ Cookie: world.stranger.cookie }, {}] as Array<Record<string, string>>) {
				const res = await get(url, headers);
				expect(res.status).toBe(403);
				expect(res.headers.get('cache-control')).toBe('no-store');
				expect(await res.text()).toBe('This link is not valid for you. Reload the page to play the track.');
			}
		});

		it('refuses a tampered signature, a changed expiry and another track’s signature', async () => {
			const { query } = world.app.context.mediaUrls.sign(world.draft.trackId, null);
			const params = new URLSearchParams(query);
			const sig = params.get('sig')!;
			const exp = params.get('exp')!;
			const flipped = `${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`;
			const base = `/media/${world.draft.mediaKey}/aac_64k/segment_00000.m4s`;
			const attempts = [
				`?exp=${exp}&sig=${flipped}`,
				`?exp=${Number(exp) + 1}&sig=${sig}`,
				`?exp=${exp}`,
				`?sig=${sig}`,
				`?exp=${exp}&sig=${sig}x`,
				signedQuery(world.published.trackId, null)
			];
			for (const attempt of attempts) {
				const res = await get(`${base}${attempt}`);
				expect(res.status, attempt).toBe(403);
			}
			expect((await get(`${base}?${query}`)).status).toBe(200);
		});

		it('refuses an expired signature', async () => {
			const query = signedQuery(world.draft.trackId, null, 60_000);
			const url = `/media/${world.draft.mediaKey}/master.m3u8${query}`;
			expect((await get(url)).status).toBe(200);
			world.app.clock.advance(60_001);
			const res = await get(url);
			expect(res.status).toBe(403);
			expect(await res.text()).toBe('This link has expired. Reload the page to play the track again.');
		});

		it('a link signed with the default lifetime (what pages hand out) works to its last moment, not after', async () => {
			const url = `/media/${world.draft.mediaKey}/master.m3u8${signedQuery(world.draft.trackId, null)}`;
			expect((await get(url)).status).toBe(200);
			world.app.clock.advance(SIGNED_URL_TTL_MS);
			expect((await get(url)).status).toBe(200);
			world.app.clock.advance(1);
			const res = await get(url);
			expect(res.status).toBe(403);
			expect(await res.text()).toBe('This link has expired. Reload the page to play the track again.');
		});
	});
});

describe('publication changes', () => {
	function setStatus(
		releaseId: string,
		status: 'draft' | 'published' | 'scheduled',
		publishAt: number | null
	) {
		world.app.context.repositories.releases.update(releaseId, {
			status,
			publishAt,
			updatedAt: world.app.clock.now()
		});
	}

	it('serves a release once published, at once, and stops within the lookup cache lifetime', async () => {
		const { draft } = world;
		const url = `/media/${draft.mediaKey}/aac_64k/init_0.mp4`;
		expect((await get(url)).status).toBe(404);
		setStatus(draft.releaseId, 'published', world.app.clock.now());
		const res = await get(url);
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe(IMMUTABLE);
		setStatus(draft.releaseId, 'draft', null);
		world.app.clock.advance(PUBLIC_LOOKUP_CACHE_MS + 1);
		expect((await get(url)).status).toBe(404);
	});

	it('serves a scheduled release from its moment on', async () => {
		const { draft } = world;
		const url = `/media/${draft.mediaKey}/master.m3u8`;
		setStatus(draft.releaseId, 'scheduled', world.app.clock.now() + 60_000);
		expect((await get(url)).status).toBe(404);
		world.app.clock.advance(60_000);
		expect((await get(url)).status).toBe(200);
		setStatus(draft.releaseId, 'draft', null);
		world.app.clock.advance(PUBLIC_LOOKUP_CACHE_MS + 1);
		expect((await get(url)).status).toBe(404);
	});
});

describe('paths that are not media files', () => {
	let outside: string;
	beforeAll(() => {
		outside = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-outside-'));
		fs.writeFileSync(path.join(outside, 'index.m3u8'), '#EXTM3U\n# secret\n');
		fs.writeFileSync(path.join(outside, 'secret.m4s'), 'secret');
		const version = world.fileOf(world.published.mediaKey, '');
		// Planted links: a segment and a whole rung directory that lead out of the store.
		fs.symlinkSync(path.join(outside, 'secret.m4s'), path.join(version, 'aac_64k', 'segment_99999.m4s'));
		fs.symlinkSync(outside, path.join(version, 'zz_outside'));
	});
	afterAll(() => fs.rmSync(outside, { recursive: true, force: true }));

	it('answers traversal attempts, other files and links out of the store with 404', async () => {
		const { published } = world;
		const version = `/media/${published.mediaKey}`;
		const attempts = [
			`${version}/../../../../../../etc/passwd`,
			`${version}/aac_64k/../master.m3u8`,
			`${version}/%2e%2e/%2e%2e/%2e%2e/etc/passwd`,
			`${version}/%2E%2E%2F%2E%2E%2Fmaster.m3u8`,
			`${version}/aac_64k%2Findex.m3u8`,
			`${version}/aac_64k%5Cindex.m3u8`,
			`${version}/aac_64k\\index.m3u8`,
			`${version}/master.m3u8%00`,
			`${version}/master.m3u8%00.jpg`,
			`${version}//etc/passwd`,
			`/media//etc/passwd`,
			`/media/%2Fetc%2Fpasswd`,
			`/media/tracks/${published.trackId}/%2e%2e/%2e%2e/data.db`,
			`/media/originals/${published.trackId}/source`,
			`/media/covers/${published.releaseId}/source`,
			`/media/.tmp/x/master.m3u8`,
			`/media/../shoal.db`,
			`${version}/aac_64k/segment_99999.m4s`,
			`${version}/zz_outside/index.m3u8`,
			`${version}/aac_64k/index.m3u8.bak`,
			`${version}/`,
			`/media/`
		];
		const expected = observable(await rawRequest(world.url, `/media/tracks/nothing/v1-1/master.m3u8`));
		expect(expected.status).toBe(404);
		for (const attempt of attempts) {
			const res = await rawRequest(world.url, attempt);
			expect(observable(res), attempt).toEqual(expected);
		}
		// The planted files really are there: only the route refuses them.
		expect(fs.readFileSync(world.fileOf(published.mediaKey, 'aac_64k/segment_99999.m4s'), 'utf8')).toBe(
			'secret'
		);
	});
});

describe('artwork', () => {
	it('serves a published release’s cover and its track’s own artwork to anyone, for a year', async () => {
		for (const [key, file, type] of [
			[world.published.coverKey, 'cover_600.webp', 'image/webp'],
			[world.published.coverKey, 'cover_300.jpg', 'image/jpeg'],
			[world.published.trackArtworkKey, 'cover_1200.jpg', 'image/jpeg']
		]) {
			const res = await get(`/media/${key}/${file}`);
			expect(res.status, `${key}/${file}`).toBe(200);
			expect(res.headers.get('content-type')).toBe(type);
			expect(res.headers.get('cache-control')).toBe(IMMUTABLE);
			expect(Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync(world.fileOf(key, file)))).toBe(
				true
			);
		}
	});

	it('shows a draft’s cover to its artist and admins only', async () => {
		const url = `/media/${world.draft.coverKey}/cover_300.webp`;
		const missing = await rawRequest(world.url, `/media/artwork/NoSuchRelease/v1-1/cover_300.webp`);
		for (const headers of [{}, { Cookie: world.stranger.cookie }] as Array<Record<string, string>>) {
			expect(observable(await rawRequest(world.url, url, { headers }))).toEqual(observable(missing));
		}
		for (const cookie of [world.owner.cookie, world.admin.cookie]) {
			const res = await get(url, { Cookie: cookie });
			expect(res.status).toBe(200);
			expect(res.headers.get('cache-control')).toBe('private, no-store');
		}
	});

	it('does not serve an old artwork version', async () => {
		const stale = world.published.coverKey.replace(/\/v[^/]+$/, '/v1-1');
		fs.cpSync(world.fileOf(world.published.coverKey, ''), world.fileOf(stale, ''), { recursive: true });
		expect((await get(`/media/${stale}/cover_300.webp`, { Cookie: world.owner.cookie })).status).toBe(404);
	});
});

describe('the playable view', () => {
	const playable = (trackId: string, viewer: { userId: string; isAdmin: boolean } | null) =>
		world.app.context.mediaAccess.playable(trackId, viewer);

	it('gives anyone a published track with a plain URL that the route serves', async () => {
		const track = playable(world.published.trackId, null)!;
		expect(track).toMatchObject({
			id: world.published.trackId,
			releaseTitle: 'Low Water',
			artistHandle: 'tidepool',
			lossless: true,
			srcExpiresAt: null,
			src: `/media/${world.published.mediaKey}/master.m3u8`,
			artworkBase: `/media/${world.published.coverKey}`
		});
		expect((await get(track.src)).status).toBe(200);
	});

	it('gives a draft to its artist and admins only, signed for them', async () => {
		expect(playable(world.draft.trackId, null)).toBeNull();
		expect(playable(world.draft.trackId, { userId: world.stranger.userId, isAdmin: false })).toBeNull();
		expect(playable('NoSuchTrack', { userId: world.owner.userId, isAdmin: false })).toBeNull();
		for (const person of [world.owner, world.admin]) {
			const track = playable(world.draft.trackId, {
				userId: person.userId,
				isAdmin: person === world.admin
			})!;
			expect(track.lossless).toBe(true);
			expect(track.srcExpiresAt).toBe(world.app.clock.now() + SIGNED_URL_TTL_MS);
			expect(track.src).toMatch(/\/master\.m3u8\?exp=\d+&sig=[\w-]{43}$/);
			expect((await get(track.src, { Cookie: person.cookie })).status).toBe(200);
			expect((await get(track.src, { Cookie: world.stranger.cookie })).status).toBe(403);
		}
	});
});
