import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ffmpegSync } from '../../helpers/audio';
import { tempDir } from '../../helpers/app-context';
import { clientFor, makeWav, UploadHarness } from './harness';

/**
 * Hostile files through the real finish path: each is refused with words a person understands, nothing
 * is registered, and nothing is left in the uploads directory or the media store. Hostile names are kept
 * only as display text.
 */

let fixtures: string;
let wav: Buffer;
beforeAll(() => {
	fixtures = tempDir('shoal-upload-hostile-');
	wav = makeWav(fixtures, 1);
});
afterAll(() => fs.rmSync(fixtures, { recursive: true, force: true }));

let harness: UploadHarness;
beforeEach(async () => {
	harness = await new UploadHarness().start();
});
afterEach(() => harness.dispose());

function png(): Buffer {
	const file = path.join(fixtures, 'cover.png');
	ffmpegSync(['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=64x64:d=1', '-frames:v', '1', file]);
	return fs.readFileSync(file);
}

/** The smallest real ZIP: one stored file, its central directory and the end record. */
function zip(): Buffer {
	const name = Buffer.from('track.wav');
	const data = Buffer.from('not really audio');
	const local = Buffer.alloc(30);
	local.writeUInt32LE(0x04034b50, 0);
	local.writeUInt16LE(20, 4);
	local.writeUInt32LE(data.length, 18);
	local.writeUInt32LE(data.length, 22);
	local.writeUInt16LE(name.length, 26);
	const central = Buffer.alloc(46);
	central.writeUInt32LE(0x02014b50, 0);
	central.writeUInt16LE(20, 4);
	central.writeUInt16LE(20, 6);
	central.writeUInt32LE(data.length, 20);
	central.writeUInt32LE(data.length, 24);
	central.writeUInt16LE(name.length, 28);
	const centralOffset = local.length + name.length + data.length;
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(1, 8);
	end.writeUInt16LE(1, 10);
	end.writeUInt32LE(central.length + name.length, 12);
	end.writeUInt32LE(centralOffset, 16);
	return Buffer.concat([local, name, data, central, name, end]);
}

const hostileFiles: Array<{ name: string; bytes: () => Buffer; message: RegExp }> = [
	{
		name: 'noise.mp3',
		bytes: () => randomBytes(64 * 1024),
		message: /^This file is not an audio format Shoal accepts/
	},
	{ name: 'cover.mp3', bytes: png, message: /^This file is an image, not audio$/ },
	{
		name: 'page.wav',
		bytes: () => Buffer.from('<!DOCTYPE html><html><body><audio src="x.mp3"></audio></body></html>'),
		message: /^This file is an HTML page, not audio$/
	},
	{ name: 'album.mp3', bytes: zip, message: /^This file is a ZIP archive, not audio/ },
	{
		name: 'tool.wav',
		bytes: () => fs.readFileSync('/bin/ls').subarray(0, 128 * 1024),
		message: /^This file is a program/
	},
	{
		name: 'passwd.mp3',
		bytes: () =>
			Buffer.from('#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n'),
		message: /^This file is a playlist\/text file, not audio$/
	},
	{
		name: 'concat.mp3',
		bytes: () => Buffer.from('ffconcat version 1.0\nfile /etc/passwd\nfile ../../secret.wav\n'),
		message: /^This file is a playlist\/text file, not audio$/
	}
];

function leftovers() {
	return { uploads: harness.uploadFiles(), originals: harness.originals(), tracks: harness.tracks() };
}

describe('hostile files', () => {
	it.each(hostileFiles)('refuses $name with 422 and a readable reason', async ({ name, bytes, message }) => {
		const { cookie, release } = await harness.artist();
		const res = await clientFor(harness, cookie).upload(bytes(), { releaseId: release.id, filename: name });
		expect(res.status).toBe(422);
		expect(res.headers.get('content-type')).toContain('application/json');
		const body = (await res.json()) as { message: string };
		expect(body.message).toMatch(message);
		expect(leftovers()).toEqual({ uploads: [], originals: [], tracks: [] });
	});

	it('refuses an empty file when the upload is created', async () => {
		const { cookie, release } = await harness.artist();
		const res = await clientFor(harness, cookie).create(0, { releaseId: release.id, filename: 'empty.mp3' });
		expect(res.status).toBe(400);
		expect(await res.text()).toBe('This file is empty.');
		expect(leftovers()).toEqual({ uploads: [], originals: [], tracks: [] });
	});

	it('refuses bytes sent with the creation request (creation-with-upload)', async () => {
		const { cookie, release } = await harness.artist();
		const html = Buffer.from('<html><script>alert(1)</script></html>');
		const res = await fetch(`${harness.url}/uploads/files`, {
			method: 'POST',
			headers: {
				'Tus-Resumable': '1.0.0',
				Origin: 'http://localhost:3999',
				Cookie: cookie,
				'Upload-Length': String(html.length),
				'Upload-Metadata': `releaseId ${Buffer.from(release.id).toString('base64')}`,
				'Content-Type': 'application/offset+octet-stream'
			},
			body: html
		});
		// Bytes only ever arrive by PATCH, so every file meets the same finish path.
		expect(res.status).toBe(400);
		expect(await res.text()).toMatch(/send its bytes with PATCH/);
		expect(leftovers()).toEqual({ uploads: [], originals: [], tracks: [] });
	});
});

describe('hostile file names', () => {
	const names = [
		{ given: '../../../escape.wav', shown: 'escape.wav' },
		{ given: '..\\..\\windows.wav', shown: 'windows.wav' },
		{ given: 'nul\u0000byte.wav', shown: 'nulbyte.wav' },
		{ given: 'song\u202Evaw.exe', shown: 'songvaw.exe' },
		{ given: `${'a'.repeat(496)}.wav`, shown: `${'a'.repeat(195)}….wav` }
	];

	it('keeps a name only as safe display text and writes nothing outside DATA_DIR', async () => {
		const { cookie, release } = await harness.artist();
		const client = clientFor(harness, cookie);
		for (const { given } of names) {
			expect((await client.upload(wav, { releaseId: release.id, filename: given })).status).toBe(200);
		}
		const stored = harness.tracks().map((track) => track.original_name);
		expect(stored.sort()).toEqual(names.map((name) => name.shown).sort());
		for (const name of stored) {
			for (const forbidden of ['/', '\\', '\u0000', '\u202e']) expect(name).not.toContain(forbidden);
			expect(Array.from(name).length).toBeLessThanOrEqual(200);
		}
		// Wherever a path built from the names could have pointed, nothing was written.
		for (const base of [harness.uploadsDir, harness.context.config.mediaDir, harness.dataDir]) {
			for (const { given } of names.slice(0, 2)) {
				expect(fs.existsSync(path.resolve(base, given.replaceAll('\\', '/')))).toBe(false);
			}
		}
		// Inside DATA_DIR, files live only under generated names.
		for (const file of fs.readdirSync(harness.dataDir, { recursive: true }).map(String)) {
			expect(file).toMatch(
				/^(shoal\.sqlite(-wal|-shm)?|secrets\.json|uploads(\/[0-9a-f]{32}\.json)?|media(\/originals(\/[A-Za-z0-9_-]+(\/source)?)?)?)$/
			);
		}
	});
});
