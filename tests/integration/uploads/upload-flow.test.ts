import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as tus from 'tus-js-client';
import { tempDir } from '../../helpers/app-context';
import { until } from '../../helpers/processes';
import { clientFor, makeWav, ORIGIN, TUS, UploadHarness } from './harness';

/**
 * The resumable upload path end to end over real HTTP: tus creation, PATCHes, HEAD, the finish that
 * turns bytes into a track and an ingest job, and the ways an upload survives a server going away.
 */

let audioDir: string;
let wav: Buffer;
beforeAll(() => {
	audioDir = tempDir('shoal-upload-audio-');
	wav = makeWav(audioDir, 1.5);
});
afterAll(() => fs.rmSync(audioDir, { recursive: true, force: true }));

let harness: UploadHarness;
beforeEach(async () => {
	harness = await new UploadHarness().start();
});
afterEach(() => harness.dispose());

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function expectRegisteredOnce(releaseId: string, bytes: Buffer) {
	const tracks = harness.tracks();
	expect(tracks).toHaveLength(1);
	const [track] = tracks;
	expect(track).toMatchObject({ release_id: releaseId, status: 'processing', stage: 'queued' });
	expect(harness.context.jobs.get(track.job_id)).toMatchObject({ type: 'ingest-track', status: 'queued' });
	const stored = fs.readFileSync(harness.context.store.pathOf(track.source_key));
	expect(sha256(stored)).toBe(sha256(bytes));
	return track;
}

describe('a tus upload', () => {
	it('arrives in two PATCHes and becomes a processing track with a queued ingest job', async () => {
		const { cookie, release } = await harness.artist();
		const client = clientFor(harness, cookie);
		const url = await client.createOk(wav.length, { releaseId: release.id, filename: 'Low Tide.wav' });
		expect(new URL(url).pathname).toMatch(/^\/uploads\/files\/[0-9a-f]{32}$/);

		const half = Math.floor(wav.length / 2);
		const first = await client.patch(url, 0, wav.subarray(0, half));
		expect(first.status).toBe(204);
		expect(first.headers.get('upload-offset')).toBe(String(half));
		expect((await client.head(url)).headers.get('upload-offset')).toBe(String(half));

		const last = await client.patch(url, half, wav.subarray(half));
		expect(last.status).toBe(200);
		expect(last.headers.get('content-type')).toContain('application/json');
		const body = (await last.json()) as { track: { id: string; status: string; title: string } };
		expect(body.track).toMatchObject({ status: 'processing', title: 'Low Tide', releaseId: release.id });

		const track = expectRegisteredOnce(release.id, wav);
		expect(track.id).toBe(body.track.id);
		expect(track.original_name).toBe('Low Tide.wav');
		// Only the receipt that answers a late HEAD stays behind; the bytes moved into the media store.
		expect(harness.uploadFiles().filter((name) => !name.endsWith('.json'))).toEqual([]);
		const late = await client.head(url);
		expect(late.status).toBe(200);
		expect(late.headers.get('upload-offset')).toBe(String(wav.length));
		expect(late.headers.get('upload-length')).toBe(String(wav.length));
		expect(late.headers.get('shoal-track-id')).toBe(track.id);
	});

	it('works with tus-js-client, whose onSuccess gets the track', async () => {
		const { cookie, release } = await harness.artist();
		const response = await new Promise<tus.HttpResponse>((resolve, reject) => {
			const upload = new tus.Upload(wav, {
				endpoint: `${harness.url}/uploads/files`,
				headers: { Origin: ORIGIN, Cookie: cookie },
				metadata: { releaseId: release.id, filename: 'client.wav' },
				chunkSize: Math.ceil(wav.length / 3),
				retryDelays: [],
				onSuccess: ({ lastResponse }) => resolve(lastResponse),
				onError: reject
			});
			upload.start();
		});
		expect(JSON.parse(response.getBody())).toMatchObject({ track: { status: 'processing' } });
		expectRegisteredOnce(release.id, wav);
	});
});

/** Sends the start of a PATCH body and then drops the connection, like a browser tab closing. */
async function abortedPatch(url: string, cookie: string, offset: number, bytes: Buffer, sent: number) {
	const req = http.request(url, {
		method: 'PATCH',
		headers: {
			...TUS,
			Origin: ORIGIN,
			Cookie: cookie,
			'Upload-Offset': String(offset),
			'Content-Type': 'application/offset+octet-stream',
			'Content-Length': String(bytes.length)
		}
	});
	req.on('error', () => {});
	req.write(bytes.subarray(0, sent));
	const dataFile = `${harness.uploadsDir}/${new URL(url).pathname.split('/').pop()}`;
	await until(() => (fs.statSync(dataFile).size > offset ? true : undefined), 'the first bytes on disk');
	req.destroy();
}

describe('an upload and a server that goes away', () => {
	it('resumes across a server restart and is registered exactly once', async () => {
		const { cookie, release } = await harness.artist();
		const url = await clientFor(harness, cookie).createOk(wav.length, {
			releaseId: release.id,
			filename: 'a.wav'
		});
		const half = Math.floor(wav.length / 2);
		expect((await clientFor(harness, cookie).patch(url, 0, wav.subarray(0, half))).status).toBe(204);

		await harness.restart();
		const client = clientFor(harness, cookie);
		const head = await client.head(url.replace(/^http:\/\/[^/]+/, harness.url));
		expect(head.status).toBe(200);
		expect(head.headers.get('upload-offset')).toBe(String(half));
		const movedUrl = url.replace(/^http:\/\/[^/]+/, harness.url);
		const last = await client.patch(movedUrl, half, wav.subarray(half));
		expect(last.status).toBe(200);
		expectRegisteredOnce(release.id, wav);
		// A second finish of the same upload registers nothing more.
		expect((await client.patch(movedUrl, wav.length, new Uint8Array())).status).toBe(410);
		expect(harness.tracks()).toHaveLength(1);
	});

	it('resumes after the server dies in the middle of a PATCH', async () => {
		const { cookie, release } = await harness.artist();
		const url = await clientFor(harness, cookie).createOk(wav.length, {
			releaseId: release.id,
			filename: 'b.wav'
		});
		await abortedPatch(url, cookie, 0, wav, Math.floor(wav.length / 2));
		await harness.restart();
		expect(harness.tracks()).toEqual([]);

		const movedUrl = url.replace(/^http:\/\/[^/]+/, harness.url);
		const client = clientFor(harness, cookie);
		const offset = Number((await client.head(movedUrl)).headers.get('upload-offset'));
		expect(offset).toBeGreaterThan(0);
		expect(offset).toBeLessThan(wav.length);
		const last = await client.patch(movedUrl, offset, wav.subarray(offset));
		expect(last.status).toBe(200);
		expectRegisteredOnce(release.id, wav);
	});

	it('discards an upload whose bytes all arrived but which the server never registered', async () => {
		const { cookie, release } = await harness.artist();
		const client = clientFor(harness, cookie);
		const url = await client.createOk(wav.length, { releaseId: release.id, filename: 'c.wav' });
		expect((await client.patch(url, 0, wav.subarray(0, wav.length - 1))).status).toBe(204);
		await harness.stop();
		// As if the last byte reached the disk and the process died before registering the file.
		const id = new URL(url).pathname.split('/').pop()!;
		fs.appendFileSync(`${harness.dataDir}/uploads/${id}`, wav.subarray(wav.length - 1));
		await harness.start();

		const head = await clientFor(harness, cookie).head(url.replace(/^http:\/\/[^/]+/, harness.url));
		expect(head.status).toBe(404);
		expect(harness.tracks()).toEqual([]);
		expect(harness.uploadFiles()).toEqual([]);
		expect(harness.originals()).toEqual([]);
	});

	it('lets tus-js-client pick up where it stopped after a restart', async () => {
		const { cookie, release } = await harness.artist();
		const options = (onSuccess: (res: tus.HttpResponse) => void, onError: (e: Error) => void) => ({
			endpoint: `${harness.url}/uploads/files`,
			headers: { Origin: ORIGIN, Cookie: cookie },
			metadata: { releaseId: release.id, filename: 'resumed.wav' },
			retryDelays: [],
			onSuccess: ({ lastResponse }: tus.OnSuccessPayload) => onSuccess(lastResponse),
			onError
		});
		let uploadUrl = '';
		await new Promise<void>((resolve, reject) => {
			const first = new tus.Upload(wav, {
				...options(() => reject(new Error('finished too early')), reject),
				chunkSize: Math.ceil(wav.length / 2),
				onChunkComplete: () => {
					uploadUrl = first.url!;
					void first.abort().then(resolve);
				}
			});
			first.start();
		});
		await harness.restart();
		const response = await new Promise<tus.HttpResponse>((resolve, reject) => {
			const second = new tus.Upload(wav, {
				...options(resolve, reject),
				endpoint: `${harness.url}/uploads/files`,
				uploadUrl: uploadUrl.replace(/^http:\/\/[^/]+/, harness.url)
			});
			second.start();
		});
		expect(JSON.parse(response.getBody())).toMatchObject({ track: { status: 'processing' } });
		expectRegisteredOnce(release.id, wav);
	});
});
