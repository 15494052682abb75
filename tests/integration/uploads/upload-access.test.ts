import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../../src/lib/shared/realtime-events';
import { tempDir } from '../../helpers/app-context';
import { clientFor, makeWav, TUS, UploadHarness } from './harness';

/** Who may create, continue, inspect and end an upload, and what is refused before any byte is written. */

let audioDir: string;
let wav: Buffer;
beforeAll(() => {
	audioDir = tempDir('shoal-upload-audio-');
	wav = makeWav(audioDir, 1.5);
});
afterAll(() => fs.rmSync(audioDir, { recursive: true, force: true }));

let harness: UploadHarness;
afterEach(() => harness.dispose());

const dataFiles = () => harness.uploadFiles().filter((name) => !name.endsWith('.json'));

async function expectRefused(response: Response, status: number, message: string | RegExp) {
	expect(response.status).toBe(status);
	const text = await response.text();
	if (typeof message === 'string') expect(text).toBe(message);
	else expect(text).toMatch(message);
}

describe('who may upload', () => {
	beforeEach(async () => {
		harness = await new UploadHarness().start();
	});

	it('refuses a request without a session', async () => {
		const { release } = await harness.artist();
		await expectRefused(
			await clientFor(harness).create(wav.length, { releaseId: release.id }),
			401,
			'Sign in to upload.'
		);
		await expectRefused(
			await clientFor(harness, `${SESSION_COOKIE}=forged.token`).create(wav.length, {
				releaseId: release.id
			}),
			401,
			'Sign in to upload.'
		);
		expect(harness.uploadFiles()).toEqual([]);
	});

	it('refuses another site, and a cookie-bearing request the browser marks cross-site', async () => {
		const { cookie, release } = await harness.artist();
		const metadata = { releaseId: release.id };
		const foreign = await clientFor(harness, cookie, 'https://evil.example').create(wav.length, metadata);
		await expectRefused(foreign, 403, /Shoal’s own pages/);
		const crossSite = await clientFor(harness, cookie, null, { 'Sec-Fetch-Site': 'cross-site' }).create(
			wav.length,
			metadata
		);
		await expectRefused(crossSite, 403, /Shoal’s own pages/);
		await expectRefused(
			await clientFor(harness, undefined, null).create(wav.length, metadata),
			401,
			'Sign in to upload.'
		);
		expect(harness.uploadFiles()).toEqual([]);
	});

	it('answers 404 for someone else’s release and writes nothing', async () => {
		const owner = await harness.artist('Owner');
		const intruder = await harness.artist('Intruder');
		const res = await clientFor(harness, intruder.cookie).create(wav.length, { releaseId: owner.release.id });
		await expectRefused(res, 404, 'This release does not exist.');
		const listener = await harness.context.accounts.signUp({
			displayName: 'Only Listening',
			email: `listener-${Date.now()}@example.org`,
			password: 'tidal pools at dusk'
		});
		const asListener = clientFor(harness, `${SESSION_COOKIE}=${listener.token}`);
		await expectRefused(
			await asListener.create(wav.length, { releaseId: owner.release.id }),
			404,
			/does not exist/
		);
		expect(harness.uploadFiles()).toEqual([]);
	});

	it('keeps an upload to its creator: another user gets 404 for HEAD, PATCH and DELETE', async () => {
		const me = await harness.artist('Me');
		const other = await harness.artist('Other');
		const mine = clientFor(harness, me.cookie);
		// A client cannot claim to be someone else: the owner is written by the server.
		const url = await mine.createOk(wav.length, { releaseId: me.release.id, userId: other.user.id });
		expect((await mine.patch(url, 0, wav.subarray(0, 1000))).status).toBe(204);

		const theirs = clientFor(harness, other.cookie);
		await expectRefused(
			await theirs.patch(url, 1000, wav.subarray(1000)),
			404,
			'This upload does not exist.'
		);
		expect((await theirs.head(url)).status).toBe(404);
		expect((await theirs.delete(url)).status).toBe(404);
		const head = await mine.head(url);
		expect(head.headers.get('upload-offset')).toBe('1000');
		expect(head.headers.get('upload-metadata')).toContain(
			`userId ${Buffer.from(me.user.id).toString('base64')}`
		);
		expect(harness.tracks()).toEqual([]);

		expect((await mine.delete(url)).status).toBe(204);
		expect(harness.uploadFiles()).toEqual([]);
		expect((await mine.head(url)).status).toBe(404);
	});

	it('needs the size up front and something to upload', async () => {
		const { cookie, release } = await harness.artist();
		const client = clientFor(harness, cookie);
		await expectRefused(
			await client.create('deferred', { releaseId: release.id }),
			400,
			'The upload must say its size up front.'
		);
		await expectRefused(await client.create(0, { releaseId: release.id }), 400, 'This file is empty.');
		await expectRefused(await client.create(wav.length, { filename: 'a.wav' }), 400, /name the release/);
		await expectRefused(
			await client.create(wav.length, { releaseId: release.id, replaceTrackId: 'not-a-track' }),
			404,
			'This track does not exist.'
		);
		expect(harness.uploadFiles()).toEqual([]);
	});

	it('refuses more bytes than declared, paths it does not serve and methods it does not take', async () => {
		const { cookie, release } = await harness.artist();
		const client = clientFor(harness, cookie);
		const url = await client.createOk(100, { releaseId: release.id });
		await expectRefused(await client.patch(url, 0, wav.subarray(0, 200)), 413, /More bytes arrived/);
		expect(fs.statSync(`${harness.uploadsDir}/${new URL(url).pathname.split('/').pop()}`).size).toBe(0);

		const headers = { ...TUS, Origin: 'http://localhost:3999', Cookie: cookie };
		expect((await fetch(`${harness.url}/uploads/files`, { headers })).status).toBe(405);
		expect((await fetch(`${harness.url}/uploads/elsewhere`, { method: 'POST', headers })).status).toBe(404);
		const traversal = await fetch(`${harness.url}/uploads/files/..%2F..%2Fshoal.sqlite`, {
			method: 'HEAD',
			headers
		});
		expect(traversal.status).toBe(404);
	});

	it('advertises its limits, and neither deferred length nor bytes with creation', async () => {
		const { cookie } = await harness.artist();
		const res = await fetch(`${harness.url}/uploads/files`, {
			method: 'OPTIONS',
			headers: { Origin: 'http://localhost:3999', Cookie: cookie }
		});
		expect(res.status).toBe(204);
		expect(res.headers.get('tus-max-size')).toBe(String(harness.context.config.maxUploadBytes));
		expect(res.headers.get('tus-extension')?.split(',')).toEqual(['creation', 'termination', 'expiration']);
		expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3999');
	});
});

describe('limits, checked before any byte is written', () => {
	beforeEach(async () => {
		harness = await new UploadHarness({ SHOAL_MAX_UPLOAD_MB: '1', SHOAL_ARTIST_QUOTA_MB: '1' }).start();
	});

	it('refuses a file over the per-file cap with 413 and the limit in words', async () => {
		const { cookie, release } = await harness.artist();
		const res = await clientFor(harness, cookie).create(3 * 1024 * 1024, { releaseId: release.id });
		await expectRefused(res, 413, 'This file is 3 MB; the limit is 1 MB per file.');
		expect(harness.uploadFiles()).toEqual([]);
	});

	it('still says 404 for someone else’s release when the size is over the cap', async () => {
		const owner = await harness.artist('Owner');
		const intruder = await harness.artist('Intruder');
		const res = await clientFor(harness, intruder.cookie).create(3 * 1024 * 1024, {
			releaseId: owner.release.id
		});
		await expectRefused(res, 404, 'This release does not exist.');
	});

	it('refuses a file that does not fit in the artist’s quota with 413', async () => {
		const { cookie, release } = await harness.artist();
		const client = clientFor(harness, cookie);
		expect((await client.upload(wav, { releaseId: release.id, filename: 'first.wav' })).status).toBe(200);
		const res = await client.create(900 * 1024, { releaseId: release.id, filename: 'second.wav' });
		await expectRefused(res, 413, /^Not enough storage left: you use 1 MB of 1 MB/);
		expect(dataFiles()).toEqual([]);
		expect(harness.tracks()).toHaveLength(1);
	});
});
