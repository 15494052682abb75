import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WorkerLoop } from '../../../media-worker/ingest/worker-loop';
import { tempDir } from '../../helpers/app-context';
import { ffmpegSync, generateTrack, type GeneratedAudio } from '../../helpers/audio';
import {
	createIngestApp,
	OUTCOME_TIMEOUT_MS,
	settled,
	startLoop,
	TEST_TIMEOUT_MS,
	upload,
	type IngestApp
} from '../ingest/fixtures';

// Real ffmpeg writes the tags, the real worker reads them: nothing here is mocked.
vi.setConfig({ testTimeout: TEST_TIMEOUT_MS, hookTimeout: OUTCOME_TIMEOUT_MS });

let app: IngestApp;
let loop: WorkerLoop;
let dir: string;
let wav: GeneratedAudio;

beforeAll(async () => {
	dir = tempDir('shoal-credits-src-');
	wav = generateTrack({ dir, name: 'source', seconds: 3, format: 'wav' });
	app = await createIngestApp();
	loop = await startLoop(app);
});

afterAll(async () => {
	await loop?.stop();
	app?.cleanup();
	fs.rmSync(dir, { recursive: true, force: true });
});

/** The generated audio re-encoded with these tags (`-metadata key=value`). */
function tagged(name: string, codec: string[], tags: Record<string, string>): string {
	const file = path.join(dir, name);
	const metadata = Object.entries(tags).flatMap(([key, value]) => ['-metadata', `${key}=${value}`]);
	ffmpegSync(['-v', 'error', '-i', wav.path, '-c:a', ...codec, ...metadata, '-y', file]);
	return file;
}

const LRC = '[ti:Harbour]\n[00:00.50]第一行 the first line\n[00:01.50]يا ليل second line';

describe('credits and lyrics from tags', () => {
	it('imports featured artists, credits by role, genres and LRC lyrics from a FLAC', async () => {
		const file = tagged('harbour.flac', ['flac'], {
			title: 'Harbour',
			artist: 'Tide Pool feat. فيروز; 王菲',
			composer: 'Composer One; 周杰伦',
			lyricist: 'كاتب الكلمات',
			performer: 'Ana Lima (cello)',
			mixer: 'Mix Person',
			genre: 'Ambient;Dub / Drone',
			LYRICS: LRC
		});
		const registered = await upload(app, file, 'harbour.flac');
		const ready = await settled(app, registered.id);
		expect(ready.status).toBe('ready');

		const owner = app.context.credits.forOwner(app.actor, ready.id);
		expect(owner.credits.artists).toEqual([
			{ role: 'main', name: 'Tide Pool', handle: 'tidepool' },
			{ role: 'featured', name: 'فيروز', handle: null },
			{ role: 'featured', name: '王菲', handle: null }
		]);
		expect(owner.credits.credits).toEqual([
			{ role: 'composer', name: 'Composer One', detail: '', handle: null },
			{ role: 'composer', name: '周杰伦', detail: '', handle: null },
			{ role: 'lyricist', name: 'كاتب الكلمات', detail: '', handle: null },
			{ role: 'performer', name: 'Ana Lima', detail: 'cello', handle: null },
			{ role: 'mixing', name: 'Mix Person', detail: '', handle: null }
		]);
		expect(owner.lyrics).toEqual({ text: LRC, synced: true, source: 'tags' });
		const release = app.context.repositories.releases.findById(app.releaseId)!;
		expect(release.tags).toEqual(['ambient', 'dub', 'drone']);
	});

	it('reads an MP3 USLT frame (ffprobe: lyrics-eng) as plain lyrics and splits "A / B ft. C"', async () => {
		// ffmpeg writes a "lyrics-eng" key as TXXX, so the ID3v2.4 tag with a real USLT frame is made here.
		const bare = tagged('tide-bare.mp3', ['libmp3lame', '-b:a', '128k', '-write_id3v2', '0'], {});
		const file = path.join(dir, 'tide.mp3');
		fs.writeFileSync(
			file,
			Buffer.concat([
				id3v24([
					['TIT2', utf8Text('Tide')],
					['TPE1', utf8Text('Moss / Static ft. Simon & Garfunkel')],
					[
						'USLT',
						Buffer.concat([Buffer.from([3]), Buffer.from('eng\0'), Buffer.from('Plain words\nand more')])
					]
				]),
				fs.readFileSync(bare)
			])
		);
		const registered = await upload(app, file, 'tide.mp3');
		const ready = await settled(app, registered.id);
		expect(ready.status).toBe('ready');
		const owner = app.context.credits.forOwner(app.actor, ready.id);
		expect(owner.credits.artists).toEqual([
			{ role: 'main', name: 'Moss', handle: null },
			{ role: 'main', name: 'Static', handle: null },
			{ role: 'featured', name: 'Simon & Garfunkel', handle: null }
		]);
		expect(owner.lyrics).toEqual({ text: 'Plain words\nand more', synced: false, source: 'tags' });
	});

	it('adds nothing when the artist tag names only the uploading artist, and keeps what the artist set', async () => {
		const file = tagged('own.flac', ['flac'], {
			artist: 'tide pool',
			composer: 'From Tags',
			lyrics: 'tag words'
		});
		const first = await settled(app, (await upload(app, file, 'own.flac')).id);
		expect(app.context.credits.forOwner(app.actor, first.id).credits.artists).toEqual([]);

		app.context.credits.saveCredits(app.actor, first.id, {
			artists: [],
			credits: [{ role: 'composer', name: 'Set By Artist', detail: '' }]
		});
		app.context.credits.saveLyrics(app.actor, first.id, { lyrics: 'artist words' });
		const replaced = await app.context.catalog.registerUpload(app.actor, {
			releaseId: app.releaseId,
			filePath: copyToUploads(file),
			originalName: 'own.flac',
			replaceTrackId: first.id
		});
		await settled(app, replaced.id, (row) => row.status !== 'processing' && row.jobId === replaced.jobId);
		const owner = app.context.credits.forOwner(app.actor, first.id);
		expect(owner.credits.credits).toEqual([
			{ role: 'composer', name: 'Set By Artist', detail: '', handle: null }
		]);
		expect(owner.lyrics?.text).toBe('artist words');
	});
});

function copyToUploads(file: string): string {
	const dirPath = app.context.config.uploadsDir;
	fs.mkdirSync(dirPath, { recursive: true });
	const staged = path.join(dirPath, `replace-${Date.now()}`);
	fs.copyFileSync(file, staged);
	return staged;
}

const synchsafe = (n: number) => Buffer.from([(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f]);
const utf8Text = (text: string) => Buffer.concat([Buffer.from([3]), Buffer.from(text)]);

/** An ID3v2.4 tag holding these frames (UTF-8 text). */
function id3v24(frames: Array<[string, Buffer]>): Buffer {
	const body = Buffer.concat(
		frames.map(([id, data]) =>
			Buffer.concat([Buffer.from(id), synchsafe(data.length), Buffer.from([0, 0]), data])
		)
	);
	return Buffer.concat([Buffer.from('ID3'), Buffer.from([4, 0, 0]), synchsafe(body.length), body]);
}
