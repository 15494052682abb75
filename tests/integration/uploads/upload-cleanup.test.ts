import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/app-context';
import { clientFor, makeWav, UploadHarness } from './harness';

/** Expired incomplete uploads, receipts of finished ones and crash leftovers are removed; fresh ones stay. */

let audioDir: string;
let wav: Buffer;
beforeAll(() => {
	audioDir = tempDir('shoal-upload-audio-');
	wav = makeWav(audioDir, 1);
});
afterAll(() => fs.rmSync(audioDir, { recursive: true, force: true }));

let harness: UploadHarness;
beforeEach(async () => {
	harness = await new UploadHarness().start();
});
afterEach(() => harness.dispose());

const TWO_DAYS_MS = 2 * 24 * 60 * 60 * 1000;
const idOf = (url: string) => new URL(url).pathname.split('/').pop()!;

/** Makes an upload look as if it was created two days ago. */
function age(id: string) {
	const sidecar = path.join(harness.uploadsDir, `${id}.json`);
	const record = JSON.parse(fs.readFileSync(sidecar, 'utf8')) as { creation_date: string };
	record.creation_date = new Date(Date.now() - TWO_DAYS_MS).toISOString();
	fs.writeFileSync(sidecar, JSON.stringify(record));
}

describe('upload cleanup', () => {
	it('removes expired uploads and orphans, and keeps the ones still within their day', async () => {
		const { cookie, release } = await harness.artist();
		const client = clientFor(harness, cookie);
		const stale = await client.createOk(1000, { releaseId: release.id, filename: 'stale.wav' });
		expect((await client.patch(stale, 0, new Uint8Array(10))).status).toBe(204);
		const fresh = await client.createOk(1000, { releaseId: release.id, filename: 'fresh.wav' });
		age(idOf(stale));
		// What a crash between tus writing the data file and its sidecar would leave.
		const orphan = path.join(harness.uploadsDir, 'ab'.repeat(16));
		fs.writeFileSync(orphan, 'partial');
		const old = new Date(Date.now() - TWO_DAYS_MS);
		fs.utimesSync(orphan, old, old);
		const stranger = path.join(harness.uploadsDir, 'README');
		fs.writeFileSync(stranger, 'not ours');

		expect(await harness.uploads.sweep()).toBe(2);
		expect(harness.uploadFiles().sort()).toEqual(['README', idOf(fresh), `${idOf(fresh)}.json`].sort());
		const head = await client.head(stale);
		expect(head.status).toBe(404);
		expect((await client.head(fresh)).headers.get('upload-offset')).toBe('0');
	});

	it('keeps the receipt of a registered upload for a day, then removes it and only it', async () => {
		const { cookie, release } = await harness.artist();
		const response = await clientFor(harness, cookie).upload(wav, { releaseId: release.id });
		expect(response.status).toBe(200);
		const [receipt] = harness.uploadFiles();
		expect(receipt).toMatch(/^[0-9a-f]{32}\.json$/);
		expect(await harness.uploads.sweep()).toBe(0);
		age(receipt.replace(/\.json$/, ''));
		expect(await harness.uploads.sweep()).toBe(1);
		expect(harness.uploadFiles()).toEqual([]);
		expect(harness.tracks()).toHaveLength(1);
		expect(harness.originals()).toHaveLength(2);
	});
});
