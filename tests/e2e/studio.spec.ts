import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { becomeArtist, createRelease, gotoHydrated, signUp, uniquePerson } from './helpers';

/** Small real audio with a title tag, made by ffmpeg: a tone over quiet pink noise (so FLAC stays big enough to watch). */
function makeAudio(dir: string, name: string, title: string, seconds: number, frequency: number): string {
	const file = path.join(dir, name);
	const result = spawnSync('/usr/bin/ffmpeg', [
		'-nostdin',
		'-v',
		'error',
		'-f',
		'lavfi',
		'-i',
		`sine=frequency=${frequency}:sample_rate=48000:duration=${seconds}`,
		'-f',
		'lavfi',
		'-i',
		`anoisesrc=color=pink:amplitude=0.08:sample_rate=48000:duration=${seconds}`,
		'-filter_complex',
		'[0:a][1:a]amix=inputs=2,aformat=channel_layouts=stereo,volume=2',
		'-metadata',
		`title=${title}`,
		'-y',
		file
	]);
	if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr}`);
	return file;
}

let dir: string;
let tideWav: string;
let lanternFlac: string;
let fakeMp3: string;
let coverPng: string;

test.beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-studio-e2e-'));
	tideWav = makeAudio(dir, 'tide.wav', 'Tide Table', 4, 440);
	lanternFlac = makeAudio(dir, 'lantern.flac', 'Lantern Song', 5, 660);
	fakeMp3 = path.join(dir, 'not-a-song.mp3');
	fs.writeFileSync(fakeMp3, '<!doctype html><html><body><p>Hello</p></body></html>\n');
	coverPng = path.join(dir, 'cover.png');
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
		coverPng
	]);
});

test.afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every progress bar the page shows, however briefly: its name and the highest value it reached. */
async function recordProgressBars(page: Page) {
	await page.evaluate(() => {
		const seen: Record<string, number> = {};
		(window as unknown as { __bars: Record<string, number> }).__bars = seen;
		const sample = () => {
			for (const bar of document.querySelectorAll('[role="progressbar"]')) {
				const name = bar.getAttribute('aria-label') ?? '';
				seen[name] = Math.max(seen[name] ?? -1, Number(bar.getAttribute('aria-valuenow') ?? 0));
			}
		};
		new MutationObserver(sample).observe(document.body, { subtree: true, childList: true, attributes: true });
	});
	return () => page.evaluate(() => (window as unknown as { __bars: Record<string, number> }).__bars);
}

test('an artist drops two files, watches them become ready, edits, reorders and publishes', async ({
	page
}) => {
	test.setTimeout(180_000);
	const { handle } = await becomeArtist(page, 'studio');
	const nav = page.getByRole('navigation', { name: 'Main' });
	await nav.getByRole('link', { name: 'Studio', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Studio' })).toBeVisible();
	await expect(page.getByText('No releases yet.')).toBeVisible();
	await expect(page.getByRole('meter', { name: 'Storage' })).toBeVisible();

	// A draft that is never published must not reach the public page.
	await createRelease(page, { title: 'Unfinished Draft', type: 'single' });

	await gotoHydrated(page, '/studio');
	await page.getByRole('link', { name: 'New release' }).click();
	await page.getByLabel('Title').fill('Harbour Lights');
	await page.getByLabel('Type').selectOption('ep');
	await page.getByLabel('Release date').fill('2026-03-14');
	await page.getByLabel('Tags').fill('ambient, field recordings');
	await page.getByLabel('Licence').selectOption('cc-by');
	await page.getByRole('button', { name: 'Create release' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Harbour Lights' })).toBeVisible();
	await expect(page.getByText('Release created. Now add its tracks.')).toBeVisible();

	// Slow the uplink so both uploads are visibly in flight at once.
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.emulateNetworkConditions', {
		offline: false,
		latency: 20,
		downloadThroughput: -1,
		uploadThroughput: 256 * 1024
	});
	const barsSeen = await recordProgressBars(page);
	await page.getByLabel('Add audio files').setInputFiles([tideWav, lanternFlac]);
	await expect(page.getByRole('progressbar', { name: 'Uploading tide.wav' })).toBeVisible();
	await expect(page.getByRole('progressbar', { name: 'Uploading lantern.flac' })).toBeVisible();
	await cdp.send('Network.emulateNetworkConditions', {
		offline: false,
		latency: 0,
		downloadThroughput: -1,
		uploadThroughput: -1
	});

	const tracks = page.getByRole('region', { name: 'Tracks' });
	const tide = tracks.getByRole('listitem').filter({ hasText: 'tide.wav' });
	const lantern = tracks.getByRole('listitem').filter({ hasText: 'lantern.flac' });
	// The real media worker processes both; titles then come from the files' tags.
	for (const row of [tide, lantern]) {
		await expect(row.getByText('Ready', { exact: true })).toBeVisible({ timeout: 120_000 });
		await expect(row.getByText(/LUFS$/)).toBeVisible();
	}
	await expect(tide.getByText('0:04')).toBeVisible();
	await expect(lantern.getByText('0:05')).toBeVisible();
	await expect(tide.getByLabel('Track title')).toHaveValue('Tide Table');
	await expect(lantern.getByLabel('Track title')).toHaveValue('Lantern Song');
	await expect(tide.getByRole('img', { name: 'Waveform of Tide Table' })).toBeVisible();

	const seen = await barsSeen();
	expect(seen['Uploading tide.wav']).toBe(100);
	expect(seen['Uploading lantern.flac']).toBe(100);
	// Each file had a processing bar (named by its title at the time: the file name, then its tag).
	expect(Object.keys(seen).filter((name) => /^Processing (tide|Tide Table)$/.test(name))).not.toHaveLength(0);
	expect(
		Object.keys(seen).filter((name) => /^Processing (lantern|Lantern Song)$/.test(name))
	).not.toHaveLength(0);

	// Edit a title.
	await tide.getByLabel('Track title').fill('Tide Table (dawn)');
	await tide.getByRole('button', { name: /^Save/ }).click();
	await expect(tide.getByText('Saved.')).toBeVisible();
	await expect(tide.getByRole('heading', { name: /Tide Table \(dawn\)$/ })).toBeAttached();

	// Reorder: whichever is second moves to the top.
	const rows = tracks.getByRole('listitem');
	const secondFile = (await rows.nth(1).textContent())?.includes('tide.wav') ? 'tide.wav' : 'lantern.flac';
	await rows.nth(1).getByRole('button', { name: 'Move up' }).click();
	await expect(rows.nth(0)).toContainText(secondFile);
	await expect(rows.nth(0).getByLabel('Track number')).toHaveValue('1');

	// A moment in the past cannot be scheduled; then publish now.
	await page.getByLabel('Or publish at').fill('2020-01-01T10:00');
	await page.getByRole('button', { name: 'Schedule' }).click();
	await expect(page.getByText('Choose a moment in the future.')).toBeVisible();
	await page.getByRole('button', { name: 'Publish now' }).click();
	await expect(page.getByText('Published. Listeners can find it on your artist page.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Unpublish' })).toBeVisible();

	// The dashboard shows it published with both tracks ready.
	await page.goto('/studio');
	const listed = page.getByRole('listitem').filter({ hasText: 'Harbour Lights' });
	await expect(listed.getByText('Published', { exact: true })).toBeVisible();
	await expect(listed.getByText('2 of 2 tracks ready')).toBeVisible();

	// The public artist page lists the published release, never the draft.
	await page.goto(`/@${handle}`);
	const releases = page.getByRole('region', { name: 'Releases' });
	const published = releases.getByRole('listitem').filter({ hasText: 'Harbour Lights' });
	await expect(published.getByRole('heading', { name: 'Harbour Lights' })).toBeVisible();
	await expect(published.getByText('EP', { exact: true })).toBeVisible();
	await expect(published.getByText('14 March 2026')).toBeVisible();
	await expect(published.getByText('2 tracks')).toBeVisible();
	await expect(releases.getByText('Unfinished Draft')).toHaveCount(0);
});

test('a file that is not audio is refused with a reason on its row', async ({ page }) => {
	await becomeArtist(page, 'refused');
	await createRelease(page, { title: 'Odd Files' });
	await page.getByLabel('Add audio files').setInputFiles(fakeMp3);
	const row = page
		.getByRole('region', { name: 'Tracks' })
		.getByRole('listitem')
		.filter({ hasText: 'not-a-song.mp3' });
	await expect(row.getByText(/Refused:/)).toBeVisible({ timeout: 30_000 });
	await expect(row).toContainText(/not audio/i);
	await row.getByRole('button', { name: /^Dismiss/ }).click();
	await expect(row).toHaveCount(0);
	await expect(page.getByText('No tracks yet.', { exact: false })).toBeVisible();
});

test('nobody else can open the editor of a release', async ({ page, browser }) => {
	await becomeArtist(page, 'owner');
	const editorUrl = await createRelease(page, { title: 'Private Sketches' });

	const other = await browser.newContext();
	const intruder = await other.newPage();
	const nosy = uniquePerson('nosy');
	await signUp(intruder, nosy);
	// A listener without an artist profile is sent to create one.
	await intruder.goto('/studio');
	await expect(intruder).toHaveURL(/\/studio\/profile$/);
	const response = await intruder.goto(editorUrl);
	expect(response?.status()).toBe(404);
	await expect(intruder.getByRole('heading', { name: 'Nothing here' })).toBeVisible();
	await expect(intruder.getByText('Private Sketches')).toHaveCount(0);
	await other.close();
});

test('the track list and scheduling work without JavaScript', async ({ page, browser }) => {
	test.setTimeout(150_000);
	const { handle } = await becomeArtist(page, 'nojstracks');
	const editorUrl = await createRelease(page, { title: 'Low Water' });
	await page.getByLabel('Add audio files').setInputFiles([tideWav, lanternFlac]);
	const tracks = page.getByRole('region', { name: 'Tracks' });
	await expect(tracks.getByText('Ready', { exact: true })).toHaveCount(2, { timeout: 120_000 });

	const plain = await browser.newContext({
		javaScriptEnabled: false,
		storageState: await page.context().storageState()
	});
	const nojs = await plain.newPage();
	await nojs.goto(editorUrl);
	const rows = nojs.getByRole('region', { name: 'Tracks' }).getByRole('listitem');
	await expect(rows).toHaveCount(2);
	const firstFile = (await rows.nth(0).textContent())?.includes('tide.wav') ? 'tide.wav' : 'lantern.flac';

	// Rename and renumber in one form: the first track becomes number 2.
	await rows.nth(0).getByLabel('Track title').fill('Renamed Without Scripts');
	await rows.nth(0).getByLabel('Track number').fill('2');
	await rows.nth(0).getByRole('button', { name: /^Save/ }).click();
	await expect(rows.nth(1)).toContainText(firstFile);
	await expect(rows.nth(1).getByLabel('Track title')).toHaveValue('Renamed Without Scripts');

	// Move it back up.
	await rows.nth(1).getByRole('button', { name: 'Move up' }).click();
	await expect(rows.nth(0)).toContainText(firstFile);

	// Delete the other one, through the confirm step.
	await rows.nth(1).getByText('Delete', { exact: true }).click();
	await rows.nth(1).getByRole('button', { name: 'Delete track' }).click();
	await expect(rows).toHaveCount(1);
	await expect(nojs.getByText(/was deleted\.$/)).toBeVisible();

	// Schedule: without scripts the time is read as UTC, and the page says so.
	await expect(nojs.getByText('Without JavaScript this time is read as UTC', { exact: false })).toBeVisible();
	await nojs.getByLabel('Or publish at').fill('2031-05-01T09:30');
	await nojs.getByRole('button', { name: 'Schedule' }).click();
	await expect(nojs.getByText('Scheduled. It goes public by itself at the chosen time.')).toBeVisible();
	await expect(nojs.getByRole('region', { name: 'Publishing' })).toContainText('1 May 2031, 09:30 UTC');

	// Not public before its time.
	await nojs.goto(`/@${handle}`);
	await expect(nojs.getByRole('region', { name: 'Releases' }).getByText('Low Water')).toHaveCount(0);

	await nojs.goto(editorUrl);
	await nojs.getByRole('button', { name: 'Unpublish' }).click();
	await expect(nojs.getByText('Unpublished. Only you can see this release now.')).toBeVisible();
	await plain.close();
});

test.describe('with JavaScript disabled', () => {
	test.use({ javaScriptEnabled: false });

	test('details, cover and publishing work with plain form posts', async ({ page }) => {
		await becomeArtist(page, 'plain');
		await page.goto('/studio');
		await page.getByRole('link', { name: 'New release' }).click();
		await page.getByRole('button', { name: 'Create release' }).click();
		await expect(page.getByText('Enter a title.')).toBeVisible();
		await page.getByLabel('Title').fill('Paper Boats');
		await page.getByRole('button', { name: 'Create release' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Paper Boats' })).toBeVisible();
		await expect(page.getByText('Uploading audio needs JavaScript.')).toBeVisible();

		await page.getByLabel('Description').fill('Folded from old letters.');
		await page.getByLabel('Tags').fill('folk, Lo-Fi');
		await page.getByRole('button', { name: 'Save details' }).click();
		await expect(page.getByText('Details saved.')).toBeVisible();
		await expect(page.getByLabel('Tags')).toHaveValue('folk, lo-fi');

		await page.getByLabel('Cover image').setInputFiles(coverPng);
		await page.getByRole('button', { name: 'Upload cover' }).click();
		await expect(page.getByText(/^Cover received/).first()).toBeVisible();

		await page.getByRole('button', { name: 'Publish now' }).click();
		await expect(page.getByRole('alert')).toHaveText(
			'Add at least one track, and wait until it is ready, before publishing.'
		);
		await expect(
			page.getByText('Without JavaScript this time is read as UTC', { exact: false })
		).toBeVisible();
	});
});

test('a reload in the middle of an upload continues where it stopped', async ({ page }) => {
	test.setTimeout(180_000);
	await becomeArtist(page, 'resume');
	await createRelease(page, { title: 'Long Swim', type: 'single' });
	// ~5.8 MB of WAV over a 384 KB/s uplink: long enough to reload in the middle.
	const longSwim = makeAudio(dir, 'long-swim.wav', 'Long Swim', 30, 220);
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Network.enable');
	const throttle = (bytesPerSecond: number) =>
		cdp.send('Network.emulateNetworkConditions', {
			offline: false,
			latency: 0,
			downloadThroughput: -1,
			uploadThroughput: bytesPerSecond
		});
	await throttle(384 * 1024);
	await page.getByLabel('Add audio files').setInputFiles(longSwim);
	const bar = page.getByRole('progressbar', { name: 'Uploading long-swim.wav' });
	await expect
		.poll(async () => Number((await bar.getAttribute('aria-valuenow')) ?? 0), { timeout: 60_000 })
		.toBeGreaterThan(15);

	await page.reload({ waitUntil: 'networkidle' });
	await throttle(-1);
	await expect(
		page.getByText('Interrupted. Choose or drop the same file again to continue where it stopped.')
	).toBeVisible();

	// Picking the same file again continues from the server's offset instead of starting over.
	const offsets: number[] = [];
	page.on('request', (request) => {
		if (request.method() === 'PATCH' && request.url().includes('/uploads/files/')) {
			offsets.push(Number(request.headers()['upload-offset']));
		}
	});
	await page.getByLabel('Add audio files').setInputFiles(longSwim);
	const row = page
		.getByRole('region', { name: 'Tracks' })
		.getByRole('listitem')
		.filter({ hasText: 'long-swim.wav' });
	await expect(row.getByText('Ready', { exact: true })).toBeVisible({ timeout: 120_000 });
	expect(offsets[0]).toBeGreaterThan(0);
	await expect(row).toHaveCount(1);
	await expect(row.getByLabel('Track title')).toHaveValue('Long Swim');
});
