import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { generateTrack } from '../helpers/audio';
import { extract, probeFile, readZip } from '../helpers/zip';
import { becomeArtist, createRelease, gotoHydrated } from './helpers';

let dir: string;
let withCover: string;
let plain: string;

test.beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-downloads-e2e-'));
	// The FLAC carries a picture (the release's cover comes from it) and a title tag of markup.
	withCover = generateTrack({ dir, name: 'harbour', seconds: 4, format: 'flac', withPicture: true }).path;
	plain = generateTrack({ dir, name: 'breakwater', seconds: 3, format: 'wav' }).path;
});

test.afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('an artist allows downloads; a listener downloads the MP3 ZIP, tagged and with the cover', async ({
	page,
	browser
}) => {
	test.setTimeout(300_000);
	const artist = await becomeArtist(page, 'dl');
	const editor = await createRelease(page, { title: '港 Harbour Lights', type: 'ep' });
	await page.getByLabel('Add audio files').setInputFiles([withCover, plain]);
	const tracks = page.getByRole('region', { name: 'Tracks' });
	await expect(tracks.getByText('Ready', { exact: true })).toHaveCount(2, { timeout: 120_000 });
	await page.getByRole('button', { name: 'Publish now' }).click();
	await expect(page.getByText('Published. Listeners can find it on your artist page.')).toBeVisible();

	// Off by default; the artist turns it on with two formats.
	const downloads = page.getByRole('region', { name: 'Downloads' });
	await expect(downloads.getByLabel('Allow listeners to download this release')).not.toBeChecked();
	await downloads.getByLabel('Allow listeners to download this release').check();
	await downloads.getByLabel('MP3 320 kbit/s').check();
	await downloads.getByLabel('Original files').check();
	await downloads.getByRole('button', { name: 'Save downloads' }).click();
	await expect(downloads.getByText('Downloads are on.')).toBeVisible();
	const releaseId = editor.split('/').at(-1)!;

	// A listener who is not signed in.
	const listener = await browser.newContext({ acceptDownloads: true });
	const visitor = await listener.newPage();
	await gotoHydrated(visitor, `/releases/${releaseId}`);
	const panel = visitor.getByRole('region', { name: 'Download' });
	await expect(panel.getByText('byte for byte')).toBeVisible();
	await expect(panel.getByLabel('FLAC (lossless)')).toHaveCount(0);
	await panel.getByLabel('MP3 320 kbit/s').check();
	const downloadStarted = visitor.waitForEvent('download', { timeout: 180_000 });
	await panel.getByRole('button', { name: 'Download ZIP' }).click();
	const download = await downloadStarted;
	expect(download.suggestedFilename()).toBe(`${artist.name} - 港 Harbour Lights.zip`);
	const zipPath = path.join(dir, 'download.zip');
	await download.saveAs(zipPath);
	await listener.close();

	// Without JavaScript the same form works: originals are always ready, so the ZIP comes straight back,
	// byte for byte.
	const plainBrowser = await browser.newContext({ acceptDownloads: true, javaScriptEnabled: false });
	const plainPage = await plainBrowser.newPage();
	await plainPage.goto(`/releases/${releaseId}`);
	const plainPanel = plainPage.getByRole('region', { name: 'Download' });
	await plainPanel.getByLabel('Original files').check();
	const originalsStarted = plainPage.waitForEvent('download', { timeout: 60_000 });
	await plainPanel.getByRole('button', { name: 'Download ZIP' }).click();
	const originals = await originalsStarted;
	const originalsPath = path.join(dir, 'originals.zip');
	await originals.saveAs(originalsPath);
	await plainBrowser.close();
	const originalEntries = await readZip(originalsPath);
	const originalAudio = originalEntries.filter((entry) => /\.(flac|wav)$/.test(entry.name));
	expect(originalAudio).toHaveLength(2);
	for (const entry of originalAudio) {
		const source = entry.name.endsWith('.flac') ? withCover : plain;
		expect(entry.data.equals(fs.readFileSync(source)), `${entry.name} is the upload, byte for byte`).toBe(
			true
		);
	}

	const entries = await readZip(zipPath);
	const folder = `${artist.name} - 港 Harbour Lights`;
	// Both uploads ran at once, so which is track 1 depends on which finished first.
	const names = entries.map((entry) => entry.name);
	expect(names).toHaveLength(4);
	expect(names).toContain(`${folder}/cover.jpg`);
	expect(names).toContain(`${folder}/credits.txt`);
	const mp3s = entries.filter((entry) => entry.name.endsWith('.mp3'));
	const titles: string[] = [];
	for (const entry of mp3s) {
		const match = /^(.+)\/(\d\d) (.+)\.mp3$/.exec(entry.name);
		expect(match?.[1]).toBe(folder);
		const probed = probeFile(extract(entry, dir));
		expect(probed.audioCodec).toBe('mp3');
		expect(probed.hasCover, `${entry.name} has an attached cover`).toBe(true);
		expect(probed.tags).toMatchObject({
			artist: artist.name,
			album: '港 Harbour Lights',
			album_artist: artist.name,
			track: `${Number(match?.[2])}/2`
		});
		titles.push(`${match?.[3]} = ${probed.tags.title}`);
	}
	// The title tag of markup stays text in the tag; in the file name its <, > and / become _.
	expect(titles.sort()).toEqual([
		'_script_alert(1)__script_ = <script>alert(1)</script>',
		'breakwater = breakwater'
	]);
	const credits = entries.find((entry) => entry.name.endsWith('credits.txt'))!.data.toString('utf8');
	expect(credits).toContain(`港 Harbour Lights\nby ${artist.name}`);
});
