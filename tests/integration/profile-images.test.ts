import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkerLoop } from '../../media-worker/ingest/worker-loop';
import { ServiceError } from '../../src/lib/server/errors';
import { imageSize } from '../../src/lib/server/media/image-size';
import { parseMediaPath } from '../../src/lib/server/media/media-paths';
import type { ProfileImageTarget } from '../../src/lib/server/profiles/profile-image-repository';
import { createTestApp, newPerson, tempDir, type TestApp } from '../helpers/app-context';
import { ffmpegSync } from '../helpers/audio';
import { until } from '../helpers/processes';
import { OUTCOME_TIMEOUT_MS, TEST_TIMEOUT_MS, listFiles, startLoop } from './ingest/fixtures';

let app: TestApp;
let loop: WorkerLoop | undefined;
let dir: string;
beforeEach(() => {
	app = createTestApp();
	dir = tempDir('shoal-profile-images-');
});
afterEach(async () => {
	await loop?.stop();
	loop = undefined;
	app.cleanup();
	fs.rmSync(dir, { recursive: true, force: true });
});

function picture(name: string, size: string): Buffer {
	const file = path.join(dir, name);
	ffmpegSync(['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=s=${size}:d=1`, '-frames:v', '1', '-y', file]);
	return fs.readFileSync(file);
}

async function failure(promise: Promise<unknown> | (() => unknown)): Promise<ServiceError> {
	const error = await Promise.resolve()
		.then(() => (typeof promise === 'function' ? promise() : promise))
		.then(
			() => null,
			(e: unknown) => e
		);
	expect(error).toBeInstanceOf(ServiceError);
	return error as ServiceError;
}

async function artistOf() {
	const { user } = await app.context.accounts.signUp(newPerson());
	const actor = { userId: user.id, isAdmin: false };
	const artist = app.context.artists.createProfile(actor, {
		handle: `tide${Math.random().toString(36).slice(2, 8)}`,
		name: 'Tide',
		bio: '',
		links: []
	});
	return { actor, artist, user };
}

function settledState(target: ProfileImageTarget) {
	return until(
		() => {
			const state = app.context.profileImages.state(target);
			return state.status === 'ready' || state.status === 'failed' ? state : undefined;
		},
		`the ${target.slot} to settle`,
		OUTCOME_TIMEOUT_MS
	);
}

describe('profile images', () => {
	it(
		'sizes a listener avatar square and an artist banner at 3:1, public at their media URLs',
		async () => {
			const { actor, artist, user } = await artistOf();
			loop = await startLoop(app);
			const avatar: ProfileImageTarget = { owner: 'user', ownerId: user.id, slot: 'avatar' };
			await app.context.profileImages.upload(actor, avatar, picture('me.png', '640x480'));
			expect(app.context.profileImages.state(avatar).status).toBe('processing');
			const ready = await settledState(avatar);
			expect(ready.status).toBe('ready');
			expect(ready.imageBase).toMatch(new RegExp(`^/media/artwork/${user.id}/v`));
			const avatarDir = app.context.store.pathOf(ready.imageBase!.replace('/media/', ''));
			expect(listFiles(avatarDir)).toEqual([
				'cover_300.jpg',
				'cover_300.webp',
				'cover_600.jpg',
				'cover_600.webp'
			]);
			expect(imageSize(fs.readFileSync(path.join(avatarDir, 'cover_600.jpg')))).toEqual({
				width: 600,
				height: 600
			});
			const request = parseMediaPath(`${ready.imageBase}/cover_300.webp`)!;
			expect(app.context.mediaAccess.isPublic(request)).toBe(true);

			const banner: ProfileImageTarget = { owner: 'artist', ownerId: artist.id, slot: 'banner' };
			await app.context.profileImages.upload(actor, banner, picture('wide.jpg', '1800x700'));
			const bannerState = await settledState(banner);
			expect(bannerState.status).toBe('ready');
			const bannerDir = app.context.store.pathOf(bannerState.imageBase!.replace('/media/', ''));
			expect(listFiles(bannerDir)).toContain('banner_1500.webp');
			expect(imageSize(fs.readFileSync(path.join(bannerDir, 'banner_1500.jpg')))).toEqual({
				width: 1500,
				height: 500
			});
			expect(parseMediaPath(`${bannerState.imageBase}/banner_1500.jpg`)).not.toBeNull();
			expect(
				app.context.mediaAccess.isPublic(parseMediaPath(`${bannerState.imageBase}/banner_750.jpg`)!)
			).toBe(true);
		},
		TEST_TIMEOUT_MS
	);

	it(
		'a banner that is too small fails with a plain reason, and keeps the failed state until replaced',
		async () => {
			const { actor, artist } = await artistOf();
			loop = await startLoop(app);
			const banner: ProfileImageTarget = { owner: 'artist', ownerId: artist.id, slot: 'banner' };
			await app.context.profileImages.upload(actor, banner, picture('small.png', '900x300'));
			const failed = await settledState(banner);
			expect(failed).toEqual({
				status: 'failed',
				imageBase: null,
				reason: 'The banner is 900 × 300 pixels; it needs to be at least 1500 × 500. Choose a larger image.'
			});
			await app.context.profileImages.upload(actor, banner, picture('big.png', '1500x500'));
			expect((await settledState(banner)).status).toBe('ready');
		},
		TEST_TIMEOUT_MS
	);

	it('refuses what is not an image, empty and oversized uploads, before storing anything', async () => {
		const { actor, user } = await artistOf();
		const avatar: ProfileImageTarget = { owner: 'user', ownerId: user.id, slot: 'avatar' };
		const notImage = await failure(
			app.context.profileImages.upload(actor, avatar, Buffer.from('<svg></svg>'))
		);
		expect(notImage.fields.avatar).toBe('The avatar must be a JPEG, PNG or WebP image.');
		expect((await failure(app.context.profileImages.upload(actor, avatar, new Uint8Array(0)))).kind).toBe(
			'invalid'
		);
		const huge = Buffer.alloc(15 * 1024 * 1024 + 1);
		huge.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		expect((await failure(app.context.profileImages.upload(actor, avatar, huge))).kind).toBe('too_large');
		expect(app.context.profileImages.state(avatar).status).toBe('none');
		expect(await app.context.store.exists(app.context.store.profileImageSourceKey(user.id, 'avatar'))).toBe(
			false
		);
	});

	it('only the owner (or an admin) changes a picture', async () => {
		const owner = await artistOf();
		const other = await artistOf();
		const png = picture('p.png', '400x400');
		const targets: ProfileImageTarget[] = [
			{ owner: 'user', ownerId: owner.user.id, slot: 'avatar' },
			{ owner: 'artist', ownerId: owner.artist.id, slot: 'avatar' },
			{ owner: 'artist', ownerId: owner.artist.id, slot: 'banner' }
		];
		for (const target of targets) {
			const refused = await failure(app.context.profileImages.upload(other.actor, target, png));
			expect(refused.kind).toBe('forbidden');
			expect((await failure(() => app.context.profileImages.retry(other.actor, target))).kind).toBe(
				'forbidden'
			);
		}
		await app.context.profileImages.upload(
			{ userId: other.user.id, isAdmin: true },
			{ owner: 'artist', ownerId: owner.artist.id, slot: 'avatar' },
			png
		);
		const missing = await failure(
			app.context.profileImages.upload(owner.actor, { owner: 'artist', ownerId: 'nope', slot: 'avatar' }, png)
		);
		expect(missing.kind).toBe('not_found');
	});
});
