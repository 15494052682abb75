import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerLoop } from '../../../media-worker/ingest/worker-loop';
import { DOWNLOAD_JOB } from '../../../src/lib/server/downloads/download-contract';
import {
	ZIP_REQUESTS_PER_WINDOW,
	type DownloadViewer
} from '../../../src/lib/server/downloads/download-service';
import type { DownloadStatus } from '../../../src/lib/shared/downloads';
import { newPerson, tempDir } from '../../helpers/app-context';
import { generateTrack } from '../../helpers/audio';
import { until } from '../../helpers/processes';
import { extract, probeFile, readZip, saveStream, type ZipContent } from '../../helpers/zip';
import {
	createIngestApp,
	jobsOfType,
	OUTCOME_TIMEOUT_MS,
	settled,
	startLoop,
	TEST_TIMEOUT_MS,
	upload,
	type IngestApp
} from '../ingest/fixtures';

let app: IngestApp;
let loop: WorkerLoop;
let work: string;
let listener: DownloadViewer;
let admin: DownloadViewer;
const anonymous = null;
const sources: string[] = [];

async function ready(format: string, viewer: DownloadViewer | null = anonymous): Promise<void> {
	await until(
		() => {
			const status: DownloadStatus = app.context.downloads.prepare(app.releaseId, format, viewer);
			if (status.state === 'failed') throw new Error(`build failed: ${status.reason}`);
			return status.state === 'ready' ? true : undefined;
		},
		`the ${format} download to be ready`,
		OUTCOME_TIMEOUT_MS
	);
}

let zipCount = 0;
async function downloadZip(format: string, viewer: DownloadViewer | null = anonymous): Promise<ZipContent[]> {
	const zip = await app.context.downloads.openZip(app.releaseId, format, viewer, `test-${zipCount}`);
	const file = path.join(work, `${format}-${++zipCount}.zip`);
	const bytes = await saveStream(zip.stream, file);
	expect(zip.size).toBe(bytes);
	return readZip(file);
}

function setRelease(fields: { title?: string; status?: 'draft' | 'published' }) {
	const { releases } = app.context.repositories;
	const release = releases.findById(app.releaseId)!;
	releases.update(app.releaseId, {
		title: fields.title ?? release.title,
		status: fields.status ?? release.status,
		publishAt: fields.status === 'draft' ? null : app.clock.now(),
		updatedAt: app.clock.now()
	});
}

beforeAll(async () => {
	app = await createIngestApp();
	work = tempDir('shoal-downloads-');
	const withCover = generateTrack({
		dir: work,
		name: 'first',
		seconds: 3,
		format: 'flac',
		withPicture: true
	});
	const plain = generateTrack({ dir: work, name: 'second', seconds: 2, format: 'wav' });
	sources.push(withCover.path, plain.path);
	loop = await startLoop(app);
	for (const source of sources) await settled(app, (await upload(app, source)).id);
	const { user } = await app.context.accounts.signUp(newPerson());
	listener = { userId: user.id, isAdmin: false };
	admin = { userId: 'someone-else', isAdmin: true };
	app.context.catalog.publish(app.actor, app.releaseId, { when: 'now' });
}, TEST_TIMEOUT_MS);

afterAll(async () => {
	await loop?.stop();
	app?.cleanup();
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('release downloads', () => {
	it('are off by default: nobody but the artist is offered anything', () => {
		expect(app.context.downloads.offer(app.releaseId, anonymous).formats).toEqual([]);
		expect(() => app.context.downloads.prepare(app.releaseId, 'mp3-320', listener)).toThrow(/does not exist/);
		const own = app.context.downloads.offer(app.releaseId, app.actor);
		expect(own.preview).toBe(true);
		expect(own.formats.map((f) => f.format)).toEqual(['original', 'flac', 'mp3-320']);
	});

	it(
		'builds tagged MP3 320 files with the cover embedded, and streams them in a ZIP',
		async () => {
			app.context.downloads.saveSettings(app.actor, app.releaseId, {
				enabled: true,
				formats: ['mp3-320', 'flac', 'original']
			});
			expect(app.context.downloads.offer(app.releaseId, anonymous).formats.map((f) => f.format)).toEqual([
				'original',
				'flac',
				'mp3-320'
			]);
			await ready('mp3-320');
			const entries = await downloadZip('mp3-320');
			const folder = 'Tide Pool - Low Water';
			expect(entries.map((e) => e.name)).toEqual([
				// The first file's title tag is markup; in a file name its <, > and / become _.
				`${folder}/01 _script_alert(1)__script_.mp3`,
				`${folder}/02 second.mp3`,
				`${folder}/cover.jpg`,
				`${folder}/credits.txt`
			]);
			expect(entries.every((e) => e.method === 0)).toBe(true);
			const probed = probeFile(extract(entries[1], work));
			expect(probed.audioCodec).toBe('mp3');
			expect(probed.hasCover).toBe(true);
			expect(probed.tags).toMatchObject({
				title: 'second',
				artist: 'Tide Pool',
				album: 'Low Water',
				album_artist: 'Tide Pool',
				track: '2/2',
				disc: '1/1',
				date: '2026-11-01',
				comment: `http://localhost:3999/releases/${app.releaseId}`
			});
			const credits = entries[3].data.toString('utf8');
			expect(credits).toContain('Low Water\nby Tide Pool');
			expect(credits).toContain('2. second — Tide Pool');
		},
		TEST_TIMEOUT_MS
	);

	it(
		'builds FLAC from lossless originals, tagged and with the cover',
		async () => {
			await ready('flac');
			const entries = await downloadZip('flac');
			const probed = probeFile(extract(entries[0], work));
			expect(probed.audioCodec).toBe('flac');
			expect(probed.hasCover).toBe(true);
			expect(probed.tags).toMatchObject({
				title: '<script>alert(1)</script>',
				artist: 'Tide Pool',
				album: 'Low Water',
				album_artist: 'Tide Pool',
				track: '1',
				tracktotal: '2',
				date: '2026-11-01'
			});
		},
		TEST_TIMEOUT_MS
	);

	it('sends originals byte for byte, with no build', async () => {
		const before = jobsOfType(app, DOWNLOAD_JOB).length;
		expect(app.context.downloads.prepare(app.releaseId, 'original', anonymous)).toEqual({ state: 'ready' });
		const entries = await downloadZip('original');
		expect(entries[0].name).toMatch(/\/01 .*\.flac$/);
		expect(entries[1].name).toMatch(/\/02 second\.wav$/);
		expect(entries[0].data.equals(fs.readFileSync(sources[0]))).toBe(true);
		expect(entries[1].data.equals(fs.readFileSync(sources[1]))).toBe(true);
		expect(jobsOfType(app, DOWNLOAD_JOB).length).toBe(before);
	});

	it('reuses the cached files: asking again starts no new build', async () => {
		const before = jobsOfType(app, DOWNLOAD_JOB).length;
		expect(app.context.downloads.prepare(app.releaseId, 'mp3-320', listener)).toEqual({ state: 'ready' });
		await downloadZip('mp3-320', listener);
		expect(jobsOfType(app, DOWNLOAD_JOB).length).toBe(before);
	});

	it(
		'never serves a stale file: a new title means a new build, and the old files go',
		async () => {
			const mediaDir = app.context.config.mediaDir;
			const buildsDir = path.join(mediaDir, 'downloads', app.releaseId);
			const before = fs.readdirSync(buildsDir).filter((name) => name.startsWith('mp3-320-'));
			expect(before).toHaveLength(1);
			setRelease({ title: 'High Water' });
			const status = app.context.downloads.prepare(app.releaseId, 'mp3-320', anonymous);
			expect(status.state).toBe('preparing');
			await expect(
				app.context.downloads.openZip(app.releaseId, 'mp3-320', anonymous, 'stale')
			).rejects.toThrow(/still being prepared/);
			await ready('mp3-320');
			const entries = await downloadZip('mp3-320');
			expect(entries[0].name.startsWith('Tide Pool - High Water/')).toBe(true);
			expect(probeFile(extract(entries[0], work)).tags.album).toBe('High Water');
			const after = fs.readdirSync(buildsDir).filter((name) => name.startsWith('mp3-320-'));
			expect(after).toHaveLength(1);
			expect(after).not.toEqual(before);
		},
		TEST_TIMEOUT_MS
	);

	it('follows the access rules: public and allowed for all, drafts for their artist and admins only', () => {
		const table: Array<{
			state: 'draft' | 'published';
			enabled: boolean;
			viewer: DownloadViewer | null;
			who: string;
			offered: boolean;
		}> = [];
		for (const state of ['draft', 'published'] as const)
			for (const enabled of [false, true])
				for (const [who, viewer] of [
					['anonymous', anonymous],
					['listener', listener],
					['owner', app.actor],
					['admin', admin]
				] as const) {
					const privileged = who === 'owner' || who === 'admin';
					table.push({
						state,
						enabled,
						viewer,
						who,
						offered: privileged || (state === 'published' && enabled)
					});
				}
		for (const row of table) {
			setRelease({ status: row.state });
			app.context.downloads.saveSettings(app.actor, app.releaseId, {
				enabled: row.enabled,
				formats: ['original']
			});
			const attempt = () => app.context.downloads.prepare(app.releaseId, 'original', row.viewer);
			if (row.offered) expect(attempt(), JSON.stringify(row)).toEqual({ state: 'ready' });
			else expect(attempt, JSON.stringify(row)).toThrow(/does not exist/);
		}
		// Only the artist changes the settings; anyone else is told the release does not exist.
		expect(() =>
			app.context.downloads.saveSettings(listener, app.releaseId, { enabled: true, formats: ['original'] })
		).toThrow(/does not exist/);
		setRelease({ status: 'published' });
	});

	it('refuses a format the artist did not choose, and unknown formats', () => {
		app.context.downloads.saveSettings(app.actor, app.releaseId, { enabled: true, formats: ['original'] });
		expect(() => app.context.downloads.prepare(app.releaseId, 'flac', anonymous)).toThrow(
			/cannot be downloaded/
		);
		expect(() => app.context.downloads.prepare(app.releaseId, '../../etc', anonymous)).toThrow(
			/cannot be downloaded/
		);
		expect(() =>
			app.context.downloads.saveSettings(app.actor, app.releaseId, { enabled: true, formats: [] })
		).toThrow(/correct/);
	});

	it('limits ZIP requests per client', async () => {
		app.context.downloads.saveSettings(app.actor, app.releaseId, { enabled: true, formats: ['original'] });
		const open = () => app.context.downloads.openZip(app.releaseId, 'original', anonymous, 'one-client');
		for (let i = 0; i < ZIP_REQUESTS_PER_WINDOW; i++) (await open()).stream.destroy();
		await expect(open()).rejects.toMatchObject({ kind: 'rate_limited' });
		// Another client is not affected.
		(
			await app.context.downloads.openZip(app.releaseId, 'original', anonymous, 'other-client')
		).stream.destroy();
	});

	it(
		'a failed build says why in plain words and can be tried again',
		async () => {
			app.context.downloads.saveSettings(app.actor, app.releaseId, { enabled: true, formats: ['mp3-320'] });
			setRelease({ title: 'Broken Water' });
			// The cover file the build embeds is unreadable garbage: ffmpeg refuses it on every attempt.
			const coverKey = app.context.repositories.tracks
				.listByRelease(app.releaseId)
				.find((t) => t.artworkKey)!.artworkKey!;
			const coverFile = path.join(app.context.store.pathOf(coverKey), 'cover_1200.jpg');
			const goodCover = fs.readFileSync(coverFile);
			fs.writeFileSync(coverFile, 'not a picture');
			try {
				expect(app.context.downloads.prepare(app.releaseId, 'mp3-320', anonymous).state).toBe('preparing');
				const failed = await until(
					() => {
						// Retries wait for their backoff on the test's clock: move it on while one waits (only
						// then, so a running attempt's lease never expires under it).
						const latest = jobsOfType(app, DOWNLOAD_JOB).sort((a, b) => b.createdAt - a.createdAt)[0];
						if (latest?.status === 'failed') app.clock.advance(60_000);
						const status = app.context.downloads.prepare(app.releaseId, 'mp3-320', anonymous);
						return status.state === 'failed' ? status : undefined;
					},
					'the build to fail for good',
					OUTCOME_TIMEOUT_MS
				);
				expect(failed.reason).toMatch(/^[A-Zf].{10,}[.!]$/);
				expect(failed.reason).not.toMatch(/stopped responding/);
				expect(failed.reason).toMatch(/^Track \d \(“.*”\) could not be made into MP3 320 kbit\/s: /);
			} finally {
				fs.writeFileSync(coverFile, goodCover);
			}
			// Asking again without retry keeps the failure; retry starts over and now succeeds.
			expect(app.context.downloads.prepare(app.releaseId, 'mp3-320', anonymous).state).toBe('failed');
			expect(app.context.downloads.prepare(app.releaseId, 'mp3-320', anonymous, { retry: true }).state).toBe(
				'preparing'
			);
			await ready('mp3-320');
		},
		TEST_TIMEOUT_MS
	);
});
