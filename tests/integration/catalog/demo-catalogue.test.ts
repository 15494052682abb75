import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SIGN_IN_FAILED } from '../../../src/lib/server/accounts/account-service';
import { COVER_JOB, INGEST_JOB } from '../../../src/lib/server/catalog/catalog-service';
import { artworkSvg } from '../../../src/server/demo/artwork-svg';
import { compose, songForm } from '../../../src/server/demo/compose';
import { DEMO_SCENE, seedDemoCatalogueIfEmpty } from '../../../src/server/demo/demo-catalogue';
import { encodeArgs, rasteriseArgs } from '../../../src/server/demo/synth-args';
import { renderWav, SAMPLE_RATE } from '../../../src/server/demo/synth';
import { createTestApp, newPerson, tempDir, type TestApp } from '../../helpers/app-context';

let app: TestApp | undefined;
afterEach(() => app?.cleanup());

/** Two artists, one release and one short track each: the real path, quickly. */
const SMALL_SCENE = DEMO_SCENE.slice(0, 2).map((artist) => ({
	...artist,
	releases: artist.releases.slice(0, 1).map((release) => ({ ...release, tracks: release.tracks.slice(0, 1) }))
}));

describe('demo catalogue', () => {
	it('on an empty database, makes artists, releases with covers and real audio, and queues them — once', async () => {
		app = createTestApp({ SHOAL_DEMO: '1' });
		expect(await seedDemoCatalogueIfEmpty(app.context, { durationSeconds: 3, artists: SMALL_SCENE })).toBe(
			'seeded'
		);

		const tidewater = app.context.artists.byHandle('tidewater');
		expect(tidewater?.name).toBe('Tidewater');
		const demoUser = { userId: tidewater!.userId, isAdmin: false };
		const { releases } = app.context.catalog.listOwnReleases(demoUser);
		expect(releases.map((r) => r.title)).toEqual(['Harbour Lights']);
		const { release, tracks } = app.context.catalog.releaseForOwner(demoUser, releases[0].id);
		expect(tracks.map((t) => t.title)).toEqual(['Low Tide']);
		expect(tracks[0]).toMatchObject({ status: 'processing', sourceKind: 'flac', lossless: true });
		expect(app.context.jobs.get(tracks[0].jobId!)?.type).toBe(INGEST_JOB);
		// The generated cover went through the artist's cover path: a cover job waits for the worker.
		const coverJobs = app.context.dbHandle.sqlite
			.prepare(`SELECT count(*) AS n FROM jobs WHERE type = ? AND payload LIKE ?`)
			.get(COVER_JOB, `%${release.id}%`) as { n: number };
		expect(coverJobs.n).toBe(1);
		// The demo account exists under its address but cannot be signed into: its password is random.
		// The refusal must be the wrong-password one, not a validation error or a missing account.
		const email = 'demo+tidewater@shoal.invalid';
		expect(app.context.repositories.users.findByEmail(email)?.id).toBe(tidewater!.userId);
		for (const password of ['password', 'tidewater', email, 'demo'])
			await expect(app.context.accounts.signIn({ email, password }, '127.0.0.1')).rejects.toMatchObject({
				kind: 'unauthenticated',
				message: SIGN_IN_FAILED
			});

		expect(await seedDemoCatalogueIfEmpty(app.context, { durationSeconds: 3, artists: SMALL_SCENE })).toBe(
			'skipped'
		);
		expect(app.context.artists.byHandle('paper-kites-club')).toBeDefined();
	});

	it('is skipped when SHOAL_DEMO=0 or when the database already has artists', async () => {
		app = createTestApp({ SHOAL_DEMO: '0' });
		expect(await seedDemoCatalogueIfEmpty(app.context)).toBe('skipped');
		app.cleanup();

		app = createTestApp({ SHOAL_DEMO: '1' });
		const { user } = await app.context.accounts.signUp(newPerson());
		app.context.artists.createProfile(
			{ userId: user.id, isAdmin: false },
			{ handle: 'real', name: 'Real', bio: '', links: [] }
		);
		expect(await seedDemoCatalogueIfEmpty(app.context)).toBe('skipped');
	});

	it('is a scene: eight artists, twelve releases of every type, tracks of one to five minutes, real tags', () => {
		const releases = DEMO_SCENE.flatMap((artist) => artist.releases);
		const tracks = releases.flatMap((release) => release.tracks);
		expect(DEMO_SCENE.length).toBeGreaterThanOrEqual(8);
		expect(new Set(DEMO_SCENE.map((artist) => artist.handle)).size).toBe(DEMO_SCENE.length);
		expect(releases.length).toBeGreaterThanOrEqual(12);
		expect(new Set(releases.map((release) => release.type))).toEqual(new Set(['album', 'ep', 'single']));
		for (const track of tracks) {
			expect(track.seconds).toBeGreaterThanOrEqual(60);
			expect(track.seconds).toBeLessThanOrEqual(300);
		}
		expect(new Set(tracks.map((track) => track.seconds)).size).toBeGreaterThan(tracks.length / 2);
		const tags = releases.flatMap((release) =>
			release.tags.split(',').map((tag) => tag.trim().toLowerCase())
		);
		expect(tags).not.toContain('demo');
		expect(tags.every((tag) => tag.length > 0)).toBe(true);
		// Styles differ from artist to artist (tempo, key or sound), and names in other scripts are kept.
		const styles = new Set(
			DEMO_SCENE.map(({ style }) => `${style.bpm}/${style.key}/${style.lead}/${style.drums}`)
		);
		expect(styles.size).toBe(DEMO_SCENE.length);
		expect(DEMO_SCENE.map((artist) => artist.name)).toEqual(expect.arrayContaining(['夜航船', 'نور البحر']));
	});
});

describe('demo music', () => {
	const style = DEMO_SCENE[1].style;

	it('has a song form: an intro, verses and choruses, a break and an outro, in whole phrases', () => {
		const form = songForm(48);
		expect(form).toHaveLength(48);
		expect(form.slice(0, 4)).toEqual(['intro', 'intro', 'intro', 'intro']);
		expect(form.at(-1)).toBe('outro');
		expect(new Set(form)).toEqual(new Set(['intro', 'verse', 'chorus', 'break', 'outro']));
	});

	it('composes the same piece from the same seed, and another from another seed', () => {
		const a = compose(style, 90, 1);
		expect(compose(style, 90, 1)).toEqual(a);
		expect(compose(style, 90, 2).notes).not.toEqual(a.notes);
		expect(a.seconds).toBe(90);
		const instruments = new Set(a.notes.map((note) => note.instrument));
		for (const part of [style.lead, style.bass, 'kick', 'snare']) expect(instruments).toContain(part);
		// The melody moves: more than a handful of distinct pitches.
		const melody = new Set(a.notes.filter((n) => n.instrument === style.lead).map((n) => n.freq.toFixed(1)));
		expect(melody.size).toBeGreaterThan(5);
	});

	it('renders a WAV of the exact length that ffmpeg reads, louder in the choruses than in the intro', () => {
		const dir = tempDir('shoal-demo-synth-');
		const file = path.join(dir, 'piece.wav');
		const score = compose(style, 45, 3);
		renderWav(score, file);
		const probe = spawnSync(
			'ffprobe',
			['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file],
			{
				encoding: 'utf8'
			}
		);
		expect(Number(probe.stdout)).toBeCloseTo(45, 1);
		const pcm = fs.readFileSync(file).subarray(44);
		const rms = (fromSeconds: number, toSeconds: number) => {
			let sum = 0;
			const from = Math.floor(fromSeconds * SAMPLE_RATE) * 4;
			const to = Math.floor(toSeconds * SAMPLE_RATE) * 4;
			for (let i = from; i < to; i += 2) sum += (pcm.readInt16LE(i) / 32768) ** 2;
			return Math.sqrt(sum / ((to - from) / 2));
		};
		const bar = (4 * 60) / style.bpm;
		const intro = rms(0.5, 4 * bar);
		const chorus = rms(10 * bar, 12 * bar);
		expect(intro).toBeGreaterThan(0.005);
		expect(chorus).toBeGreaterThan(intro * 1.5);
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('builds ffmpeg commands from its own paths only', () => {
		expect(encodeArgs({ input: '/d/a.wav', output: '/d/a.mp3', codec: 'libmp3lame' }).args).toEqual([
			'-nostdin',
			'-hide_banner',
			'-loglevel',
			'error',
			'-i',
			'/d/a.wav',
			'-map',
			'0:a:0',
			'-c:a',
			'libmp3lame',
			'-b:a',
			'256k',
			'-y',
			'/d/a.mp3'
		]);
		expect(rasteriseArgs({ svg: '/d/c.svg', jpeg: '/d/c.jpg' }).args).toEqual([
			'-nostdin',
			'-hide_banner',
			'-loglevel',
			'error',
			'-i',
			'/d/c.svg',
			'-frames:v',
			'1',
			'-q:v',
			'2',
			'-y',
			'/d/c.jpg'
		]);
	});

	it('draws a 1400 px square cover that ffmpeg rasterises', () => {
		const dir = tempDir('shoal-demo-art-');
		const artist = DEMO_SCENE[0];
		const svg = artworkSvg({ motif: 'rings', palette: artist.palette, seed: 5 });
		expect(artworkSvg({ motif: 'rings', palette: artist.palette, seed: 5 })).toBe(svg);
		expect(svg).not.toMatch(/<text|<script|href=/);
		fs.writeFileSync(path.join(dir, 'c.svg'), svg);
		const { args } = rasteriseArgs({ svg: path.join(dir, 'c.svg'), jpeg: path.join(dir, 'c.jpg') });
		expect(spawnSync('ffmpeg', args).status).toBe(0);
		const probe = spawnSync(
			'ffprobe',
			[
				'-v',
				'error',
				'-show_entries',
				'stream=width,height,codec_name',
				'-of',
				'csv=p=0',
				path.join(dir, 'c.jpg')
			],
			{ encoding: 'utf8' }
		);
		expect(probe.stdout.trim()).toBe('mjpeg,1400,1400');
		fs.rmSync(dir, { recursive: true, force: true });
	});
});
