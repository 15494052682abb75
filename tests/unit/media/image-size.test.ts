import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { imageSize } from '../../../src/lib/server/media/image-size';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-image-size-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A real picture written by ffmpeg, so the headers are what encoders really produce. */
function picture(name: string, size: string, ...codec: string[]): Uint8Array {
	const file = path.join(dir, name);
	const run = spawnSync('ffmpeg', [
		...['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=${size}:d=1`],
		...['-frames:v', '1', ...codec, file]
	]);
	expect(run.status).toBe(0);
	return fs.readFileSync(file);
}

describe('imageSize', () => {
	it.each([
		['a PNG', 'p.png', '1600x500', []],
		['a baseline JPEG', 'j.jpg', '321x243', []],
		['a 4:4:4 JPEG', 'pj.jpg', '640x360', ['-pix_fmt', 'yuvj444p']],
		['a lossy WebP', 'w.webp', '1500x501', ['-c:v', 'libwebp']],
		['a lossless WebP', 'l.webp', '300x200', ['-c:v', 'libwebp', '-lossless', '1']]
	])('reads %s', (_, name, size, codec) => {
		const [width, height] = size.split('x').map(Number);
		expect(imageSize(picture(name, size, ...codec))).toEqual({ width, height });
	});

	it('finds a JPEG frame after metadata segments', () => {
		const jpeg = picture('m.jpg', '200x100');
		const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0x10, 0x02]), Buffer.alloc(0x1000)]);
		const withComment = Buffer.concat([jpeg.subarray(0, 2), comment, jpeg.subarray(2)]);
		expect(imageSize(withComment)).toEqual({ width: 200, height: 100 });
	});

	it('says nothing rather than guess for truncated or foreign bytes', () => {
		const jpeg = picture('t.jpg', '200x100');
		expect(imageSize(jpeg.subarray(0, 20))).toBeNull();
		expect(imageSize(Buffer.from('GIF89a\x10\x00\x10\x00'))).toBeNull();
		expect(imageSize(new Uint8Array(0))).toBeNull();
	});
});
