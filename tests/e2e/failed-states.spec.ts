import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { decompressionBomb } from '../helpers/images';
import { becomeArtist, createRelease } from './helpers';

/**
 * Every job type driven to dead by a real bad input through the real worker (the built server
 * supervises it), and what the artist then sees: the failure in plain words, the technical detail
 * behind "Details", and a way to try again — live, and again after a reload.
 */

let dir: string;
let blip: string;
let bomb: string;
let goodCover: string;

test.beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-failed-e2e-'));
	blip = path.join(dir, 'blip.wav');
	const made = spawnSync('/usr/bin/ffmpeg', [
		'-nostdin',
		'-v',
		'error',
		'-f',
		'lavfi',
		'-i',
		'sine=frequency=440:sample_rate=48000:duration=0.02',
		'-y',
		blip
	]);
	if (made.status !== 0) throw new Error(String(made.stderr));
	bomb = path.join(dir, 'bomb.png');
	decompressionBomb(bomb);
	goodCover = path.join(dir, 'cover.png');
	spawnSync('/usr/bin/ffmpeg', [
		'-nostdin',
		'-v',
		'error',
		'-f',
		'lavfi',
		'-i',
		'testsrc2=s=800x800',
		'-frames:v',
		'1',
		'-y',
		goodCover
	]);
});

test.afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const TOO_SHORT = /This file holds less than one second of audio \(0\.02 seconds\), so it can't be a track\./;

test('a track the worker refuses (0.02 s) shows why, with details, and can be retried from the list', async ({
	page
}) => {
	test.setTimeout(120_000);
	await becomeArtist(page, 'blip');
	const editor = await createRelease(page, { title: 'Short Stories' });

	await page.getByLabel('Add audio files').setInputFiles(blip);
	const row = page.getByRole('region', { name: 'Tracks' }).getByRole('article');
	// Live: the failure arrives over the socket, without a reload.
	await expect(row.getByText(TOO_SHORT)).toBeVisible({ timeout: 60_000 });
	await expect(row).not.toContainText(/ffprobe|ffmpeg|pcm_|codec/i);
	await row.getByText('Details').click();
	await expect(row.getByText('duration 0.02 s is below the minimum of 1 s')).toBeVisible();
	await expect(row.getByRole('button', { name: /^Retry/ })).toBeVisible();
	await expect(row.getByText(/^Replace file/)).toBeVisible();
	await expect(page.getByText('1 failed', { exact: true })).toBeVisible();

	// The studio list says which track failed and why, never "0 of 1 ready".
	await page.goto('/studio');
	const listed = page.getByRole('listitem').filter({ hasText: 'Short Stories' }).first();
	await expect(listed.getByText('1 failed', { exact: true })).toBeVisible();
	await expect(listed).not.toContainText('0 of 1');
	await expect(listed.getByText(TOO_SHORT)).toBeVisible();
	await expect(listed.getByRole('link', { name: /^Replace file/ })).toHaveAttribute(
		'href',
		new RegExp(`^${new URL(editor).pathname}#track-`)
	);

	// Retry sends the same original back to the worker; it fails again, for the same reason.
	await listed.getByRole('button', { name: /^Retry/ }).click();
	await expect(page.getByText('Trying again. The track is back in the queue.')).toBeVisible();
	await expect(listed.getByText('1 failed', { exact: true })).toBeVisible({ timeout: 60_000 });
	await expect(listed.getByText(TOO_SHORT)).toBeVisible();
});

test('a cover the worker refuses (a decompression bomb) says so instead of processing forever', async ({
	page
}) => {
	test.setTimeout(120_000);
	await becomeArtist(page, 'bomb');
	await createRelease(page, { title: 'Huge Skies' });
	const cover = page.getByRole('region', { name: 'Cover' });

	await cover.getByLabel('Cover image').setInputFiles(bomb);
	await cover.getByRole('button', { name: 'Upload cover' }).click();
	// Live, then again on a fresh load of the page.
	await expect(cover.getByText('The uploaded cover could not be used')).toBeVisible({ timeout: 60_000 });
	await expect(cover.getByText(/This image has too many pixels to process safely\./)).toBeVisible();
	await page.reload();
	await expect(cover.getByText('The uploaded cover could not be used')).toBeVisible();
	await expect(cover).not.toContainText(/processing/i);
	await cover.getByText('Details').click();
	await expect(cover.getByText(/9000x9000/)).toBeVisible();

	// Trying again is uploading a different image.
	await cover.getByLabel('Cover image').setInputFiles(goodCover);
	await cover.getByRole('button', { name: 'Upload cover' }).click();
	await expect(cover.getByRole('status').filter({ hasText: 'Cover ready' })).toBeVisible({ timeout: 60_000 });
	await expect(cover.getByText('The uploaded cover could not be used')).toHaveCount(0);
});
