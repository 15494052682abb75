import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZipStream } from '../../../src/lib/server/downloads/zip-stream';
import { createMediaStore } from '../../../src/lib/server/media/media-store';
import { tempDir } from '../../helpers/app-context';
import { readZip, saveStream } from '../../helpers/zip';

let root: string;
let store: ReturnType<typeof createMediaStore>;

beforeAll(async () => {
	root = tempDir('shoal-zip-');
	store = createMediaStore(root);
	fs.mkdirSync(path.join(root, 'originals', 'a'), { recursive: true });
	fs.writeFileSync(path.join(root, 'originals', 'a', 'source'), Buffer.alloc(300_000, 7));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('the streamed ZIP', () => {
	it('stores entries as they are, knows its size up front and reads back with a real ZIP reader', async () => {
		const file = (await store.openRead('originals/a/source'))!;
		const zip = await createZipStream(
			[
				{ name: '陈 - 山/01 One.wav', file },
				{ name: '陈 - 山/credits.txt', text: 'hello 山\n' }
			],
			new Date('2026-01-01T00:00:00Z')
		);
		const out = path.join(root, 'out.zip');
		expect(await saveStream(zip.stream, out)).toBe(zip.size);
		const entries = await readZip(out);
		expect(entries.map((e) => [e.name, e.method, e.data.length])).toEqual([
			['陈 - 山/01 One.wav', 0, 300_000],
			['陈 - 山/credits.txt', 0, Buffer.byteLength('hello 山\n')]
		]);
	});

	it('a file that changes size while being zipped ends the stream with an error, not a crash', async () => {
		const file = (await store.openRead('originals/a/source'))!;
		// Claims one byte more than the file has: yazl notices at the end of the entry.
		const lying = { ...file, size: file.size + 1 };
		const zip = await createZipStream([{ name: 'x.wav', file: lying }], new Date());
		await expect(saveStream(zip.stream, path.join(root, 'broken.zip'))).rejects.toThrow(
			/unexpected number of bytes/
		);
	});

	it('files whose turn never comes are closed when the client goes away', async () => {
		const first = (await store.openRead('originals/a/source'))!;
		const second = (await store.openRead('originals/a/source'))!;
		let closed = 0;
		const watch = (file: typeof first) => ({
			...file,
			close: async () => {
				closed++;
				await file.close();
			}
		});
		const zip = await createZipStream(
			[
				{ name: 'a.wav', file: watch(first) },
				{ name: 'b.wav', file: watch(second) }
			],
			new Date()
		);
		const gone = once(zip.stream, 'close');
		zip.stream.destroy();
		await gone;
		expect(closed).toBe(2);
	});
});
