import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../../src/lib/server/errors';
import { imageSize } from '../../../src/lib/server/media/image-size';
import { checkImage, COVER_RULE } from '../../../src/lib/shared/image-rules';
import { createTestApp, newPerson, tempDir, type TestApp } from '../../helpers/app-context';
import { ffmpegSync } from '../../helpers/audio';

let dir: string;
beforeAll(() => {
	dir = tempDir('shoal-covers-');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A real picture written by ffmpeg: PNG, JPEG (with EXIF-like padding via -metadata) or WebP. */
function picture(width: number, height: number, ext: 'png' | 'jpg' | 'webp'): string {
	const file = path.join(dir, `p${width}x${height}.${ext}`);
	if (!fs.existsSync(file))
		ffmpegSync([
			'-v',
			'error',
			'-f',
			'lavfi',
			'-i',
			`testsrc2=s=${width}x${height}:d=1`,
			'-frames:v',
			'1',
			'-y',
			file
		]);
	return file;
}

describe('image size from the header', () => {
	it('reads PNG, JPEG and WebP sizes as ffmpeg wrote them', () => {
		for (const ext of ['png', 'jpg', 'webp'] as const) {
			expect(imageSize(fs.readFileSync(picture(300, 300, ext))), ext).toEqual({ width: 300, height: 300 });
			expect(imageSize(fs.readFileSync(picture(1602, 902, ext))), ext).toEqual({ width: 1602, height: 902 });
		}
	});

	it('answers null for what it cannot read', () => {
		expect(imageSize(Buffer.from('not an image at all, just text'))).toBeNull();
		expect(imageSize(fs.readFileSync(picture(640, 640, 'jpg')).subarray(0, 20))).toBeNull();
	});
});

describe('the image rule', () => {
	it('refuses small and far-from-square pictures, and warns below the recommended size', () => {
		expect(checkImage({ width: 300, height: 300 }, COVER_RULE)).toEqual({
			ok: false,
			message:
				'This cover is 300 × 300 pixels, too small: it needs at least 640 × 640 pixels (1400 × 1400 or more looks sharp everywhere).'
		});
		expect(checkImage({ width: 639, height: 700 }, COVER_RULE).ok).toBe(false);
		const warned = checkImage({ width: 800, height: 800 }, COVER_RULE);
		expect(warned).toEqual({
			ok: true,
			warning: expect.stringMatching(/^This cover is 800 × 800 pixels\. It is used/)
		});
		expect(checkImage({ width: 1400, height: 1400 }, COVER_RULE)).toEqual({ ok: true, warning: null });
		expect(checkImage({ width: 1400, height: 1540 }, COVER_RULE)).toEqual({ ok: true, warning: null });
		expect(checkImage({ width: 1600, height: 900 }, COVER_RULE)).toEqual({
			ok: false,
			message: 'This cover is 1600 × 900 pixels: it should be square. Crop it and upload it again.'
		});
		expect(checkImage({ width: 1400, height: 1541 }, COVER_RULE).ok).toBe(false);
		const banner = { ...COVER_RULE, what: 'banner', aspect: 3, minWidth: 1200, minHeight: 400 };
		expect(checkImage({ width: 1500, height: 500 }, banner)).toMatchObject({ ok: true });
		expect(checkImage({ width: 1500, height: 1500 }, banner)).toMatchObject({ ok: false });
	});
});

describe('setCover', () => {
	let app: TestApp;
	let actor: { userId: string; isAdmin: boolean };
	let releaseId: string;
	beforeEach(async () => {
		app = createTestApp();
		const { user } = await app.context.accounts.signUp(newPerson());
		actor = { userId: user.id, isAdmin: false };
		app.context.artists.createProfile(actor, { handle: 'coverer', name: 'Coverer', bio: '', links: [] });
		releaseId = app.context.catalog.createRelease(actor, {
			title: 'Squares',
			type: 'single',
			releaseDate: '',
			description: '',
			tags: '',
			licence: 'cc-by'
		}).id;
	});
	afterEach(() => app.cleanup());

	const staged = (file: string) => {
		fs.mkdirSync(app.context.config.uploadsDir, { recursive: true });
		const target = path.join(app.context.config.uploadsDir, `cover-${Math.random()}`);
		fs.copyFileSync(file, target);
		return target;
	};

	it('refuses a 300 × 300 cover and a 16:9 one with the reason, keeping nothing', async () => {
		for (const [file, reason] of [
			[picture(300, 300, 'jpg'), /300 × 300 pixels, too small: it needs at least 640 × 640/],
			[picture(1600, 900, 'png'), /should be square/]
		] as const) {
			const upload = staged(file);
			const error = await app.context.catalog.setCover(actor, releaseId, upload).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(ServiceError);
			expect((error as ServiceError).fields.cover).toMatch(reason);
			expect(fs.existsSync(upload)).toBe(false);
		}
		expect(app.context.repositories.releases.findById(releaseId)!.coverSourceKey).toBeNull();
	});

	it('accepts 800 × 800 with a warning, and 1400 × 1400 without one', async () => {
		expect(
			(await app.context.catalog.setCover(actor, releaseId, staged(picture(800, 800, 'webp')))).warning
		).toMatch(/may look soft on large screens: 1400 × 1400 pixels or more is best/);
		expect(app.context.repositories.releases.findById(releaseId)!.coverSourceKey).not.toBeNull();
		expect(await app.context.catalog.setCover(actor, releaseId, staged(picture(1400, 1400, 'jpg')))).toEqual({
			warning: null
		});
	});
});
