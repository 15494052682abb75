import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INGEST_JOB } from '../../../src/lib/server/catalog/catalog-service';
import { createTrackPipelineRepository } from '../../../src/lib/server/catalog/track-pipeline-repository';
import { ServiceError } from '../../../src/lib/server/errors';
import { createTestApp, newPerson, type TestApp } from '../../helpers/app-context';

let app: TestApp;
beforeEach(() => {
	app = createTestApp({ SHOAL_MAX_UPLOAD_MB: '5', SHOAL_ARTIST_QUOTA_MB: '8' });
});
afterEach(() => app.cleanup());

const release = {
	title: 'Harbour Lights',
	type: 'album',
	releaseDate: '2026-11-01',
	description: '',
	tags: 'Dream Pop, lo-fi, dream pop',
	licence: 'cc-by'
};

async function artist(handle: string) {
	const { user } = await app.context.accounts.signUp(newPerson());
	const actor = { userId: user.id, isAdmin: false };
	app.context.artists.createProfile(actor, { handle, name: handle, bio: '', links: [] });
	return actor;
}

/** A tiny but real WAV (44-byte header + silence), enough for sniffing and registration. */
function wavFile(name = 'song.wav'): string {
	const samples = 4800;
	const header = Buffer.alloc(44);
	header.write('RIFF', 0);
	header.writeUInt32LE(36 + samples * 2, 4);
	header.write('WAVEfmt ', 8);
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(1, 20);
	header.writeUInt16LE(1, 22);
	header.writeUInt32LE(48000, 24);
	header.writeUInt32LE(96000, 28);
	header.writeUInt16LE(2, 32);
	header.writeUInt16LE(16, 34);
	header.write('data', 36);
	header.writeUInt32LE(samples * 2, 40);
	fs.mkdirSync(app.context.config.uploadsDir, { recursive: true });
	const file = path.join(app.context.config.uploadsDir, `${Date.now()}-${Math.random()}-${name}`);
	fs.writeFileSync(file, Buffer.concat([header, Buffer.alloc(samples * 2)]));
	return file;
}

function thrown(fn: () => unknown): ServiceError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(ServiceError);
		return error as ServiceError;
	}
	throw new Error('expected a ServiceError');
}

describe('releases', () => {
	it('need an artist profile, and normalise their tags', async () => {
		const { user } = await app.context.accounts.signUp(newPerson());
		expect(
			thrown(() => app.context.catalog.createRelease({ userId: user.id, isAdmin: false }, release)).kind
		).toBe('forbidden');
		const me = await artist('harbour');
		const created = app.context.catalog.createRelease(me, release);
		expect(created).toMatchObject({ status: 'draft', tags: ['dream pop', 'lo-fi'], licence: 'cc-by' });
	});

	it('explain invalid fields', async () => {
		const me = await artist('harbour');
		const error = thrown(() =>
			app.context.catalog.createRelease(me, {
				...release,
				title: '',
				type: 'mixtape',
				releaseDate: '2026-13-45',
				licence: 'mine'
			})
		);
		expect(Object.keys(error.fields).sort()).toEqual(['licence', 'releaseDate', 'title', 'type']);
	});

	it("are invisible to other people, who are told they don't exist", async () => {
		const owner = await artist('owner');
		const created = app.context.catalog.createRelease(owner, release);
		const other = await artist('other');
		expect(thrown(() => app.context.catalog.releaseForOwner(other, created.id)).kind).toBe('not_found');
		expect(thrown(() => app.context.catalog.updateRelease(other, created.id, release)).kind).toBe(
			'not_found'
		);
		expect(app.context.catalog.releaseForOwner({ ...other, isAdmin: true }, created.id).release.id).toBe(
			created.id
		);
	});
});

describe('uploads', () => {
	it('are checked for size and quota before any byte is written', async () => {
		const me = await artist('harbour');
		const { id } = app.context.catalog.createRelease(me, release);
		expect(thrown(() => app.context.catalog.assertUploadAllowed(me, id, 6 * 1024 * 1024)).message).toMatch(
			/limit is 5 MB per file/
		);
		expect(thrown(() => app.context.catalog.assertUploadAllowed(me, id, 0)).message).toMatch(/empty/);
		expect(thrown(() => app.context.catalog.assertUploadAllowed(me, id, undefined)).message).toMatch(
			/size up front/
		);
		app.context.catalog.assertUploadAllowed(me, id, 4 * 1024 * 1024);
		// Registered originals count against the quota.
		for (let i = 0; i < 2; i++) {
			const file = wavFile();
			fs.appendFileSync(file, Buffer.alloc(3 * 1024 * 1024));
			await app.context.catalog.registerUpload(me, {
				releaseId: id,
				filePath: file,
				originalName: `t${i}.wav`
			});
		}
		expect(thrown(() => app.context.catalog.assertUploadAllowed(me, id, 3 * 1024 * 1024)).message).toMatch(
			/Not enough storage left/
		);
	});

	it('register a track and its ingest job together, and move the original into the media store', async () => {
		const me = await artist('harbour');
		const { id } = app.context.catalog.createRelease(me, release);
		const file = wavFile();
		const track = await app.context.catalog.registerUpload(me, {
			releaseId: id,
			filePath: file,
			originalName: '../../etc/01_Night\u202Egnp.wav'
		});
		expect(track).toMatchObject({
			status: 'processing',
			stage: 'queued',
			position: 1,
			sourceKind: 'wav',
			lossless: true
		});
		expect(track.originalName).not.toMatch(/[/\u202E]/);
		expect(fs.existsSync(file)).toBe(false);
		expect(fs.existsSync(app.context.store.pathOf(track.sourceKey))).toBe(true);
		expect(app.context.jobs.get(track.jobId!)).toMatchObject({
			type: INGEST_JOB,
			status: 'queued',
			payload: { trackId: track.id }
		});
	});

	it('refuse a file that is not audio, delete it and register nothing', async () => {
		const me = await artist('harbour');
		const { id } = app.context.catalog.createRelease(me, release);
		const file = wavFile('page.mp3');
		fs.writeFileSync(file, '<!doctype html><html><body>not audio</body></html>');
		const error = await app.context.catalog
			.registerUpload(me, { releaseId: id, filePath: file, originalName: 'page.mp3' })
			.catch((e: unknown) => e as ServiceError);
		expect(error).toBeInstanceOf(ServiceError);
		expect((error as ServiceError).message).toMatch(/HTML page/);
		expect(fs.existsSync(file)).toBe(false);
		expect(app.context.catalog.releaseForOwner(me, id).tracks).toHaveLength(0);
	});
});

describe('track order and titles', () => {
	it('renumber the others when a track moves', async () => {
		const me = await artist('harbour');
		const { id } = app.context.catalog.createRelease(me, release);
		const names = ['one', 'two', 'three'];
		const made: Array<{ id: string }> = [];
		for (const name of names)
			made.push(
				await app.context.catalog.registerUpload(me, {
					releaseId: id,
					filePath: wavFile(),
					originalName: `${name}.wav`
				})
			);
		const order = () =>
			app.context.catalog.releaseForOwner(me, id).tracks.map((t) => `${t.position}:${t.title}`);
		expect(order()).toEqual(['1:one', '2:two', '3:three']);
		app.context.catalog.editTrack(me, made[2].id, { title: 'Three (intro)', position: '1' });
		expect(order()).toEqual(['1:Three (intro)', '2:one', '3:two']);
		app.context.catalog.reorderTrack(me, made[0].id, { direction: 'down' });
		expect(order()).toEqual(['1:Three (intro)', '2:two', '3:one']);
		app.context.catalog.reorderTrack(me, made[2].id, { direction: 'up' }); // already first: nothing changes
		expect(order()).toEqual(['1:Three (intro)', '2:two', '3:one']);
		expect(
			thrown(() => app.context.catalog.editTrack(me, made[0].id, { title: '', position: '0' })).fields
		).toMatchObject({
			title: 'Enter a title.',
			position: 'Track numbers are whole numbers from 1.'
		});
	});
});

describe('track order 1..n', () => {
	async function threeTracks(me: Awaited<ReturnType<typeof artist>>, batch?: string) {
		const { id } = app.context.catalog.createRelease(me, release);
		const made: string[] = [];
		for (const name of ['one', 'two', 'three'])
			made.push(
				(
					await app.context.catalog.registerUpload(me, {
						releaseId: id,
						filePath: wavFile(),
						originalName: `${name}.wav`,
						...(batch ? { uploadBatch: batch } : {})
					})
				).id
			);
		const order = () =>
			app.context.catalog.releaseForOwner(me, id).tracks.map((t) => `${t.position}:${t.title}`);
		return { id, made, order };
	}

	it('closes the gap when a track is deleted, and appends new uploads after the rest', async () => {
		const me = await artist('harbour');
		const { id, made, order } = await threeTracks(me);
		await app.context.catalog.deleteTrack(me, made[1]);
		expect(order()).toEqual(['1:one', '2:three']);
		await app.context.catalog.registerUpload(me, {
			releaseId: id,
			filePath: wavFile(),
			originalName: 'four.wav'
		});
		expect(order()).toEqual(['1:one', '2:three', '3:four']);
	});

	it('moves a track straight to a place (drag and drop) in one step, validated and owner only', async () => {
		const me = await artist('harbour');
		const { made, order } = await threeTracks(me);
		expect(app.context.catalog.reorderTrack(me, made[2], { to: '1' })).toEqual({
			title: 'three',
			place: 'track 1 of 3'
		});
		expect(order()).toEqual(['1:three', '2:one', '3:two']);
		app.context.catalog.reorderTrack(me, made[2], { to: '999' });
		expect(order()).toEqual(['1:one', '2:two', '3:three']);
		for (const raw of [{}, { to: '0' }, { to: 'x' }, { direction: 'sideways' }, { to: '2', direction: 'up' }])
			expect(thrown(() => app.context.catalog.reorderTrack(me, made[0], raw)).kind, JSON.stringify(raw)).toBe(
				'invalid'
			);
		const stranger = await artist('stranger');
		expect(thrown(() => app.context.catalog.reorderTrack(stranger, made[0], { to: '3' })).kind).toBe(
			'not_found'
		);
		expect(order()).toEqual(['1:one', '2:two', '3:three']);
	});

	it('orders the files of one upload batch by their tags, until the artist orders by hand', async () => {
		const me = await artist('harbour');
		const { id, made, order } = await threeTracks(me, 'batch-a');
		const pipeline = createTrackPipelineRepository(app.context.dbHandle.db);
		const tags = (trackId: string, disc: number | null, track: number | null) => {
			const row = app.context.repositories.tracks.findById(trackId)!;
			const job = app.context.jobs.claim('test-worker', [INGEST_JOB], 60_000);
			expect(job?.id).toBe(row.jobId);
			pipeline.prefill(
				trackId,
				{ jobId: job!.id, token: job!.token },
				{ order: { disc, track } },
				app.clock.now()
			);
		};
		tags(made[0], 2, 1);
		tags(made[1], 1, 9);
		expect(order()).toEqual(['1:two', '2:three', '3:one']);
		tags(made[2], 1, 3);
		expect(order()).toEqual(['1:three', '2:two', '3:one']);
		const { tracks } = app.context.catalog.releaseForOwner(me, id);
		expect(tracks.map((t) => t.discNumber)).toEqual([1, 1, 2]);
		// By hand, then a late upload of the same batch does not reshuffle anything.
		app.context.catalog.reorderTrack(me, made[0], { direction: 'up' });
		expect(order()).toEqual(['1:three', '2:two', '3:one']);
		expect(app.context.catalog.releaseForOwner(me, id).tracks.map((t) => t.discNumber)).toEqual([1, 1, 1]);
		expect(app.context.catalog.releaseForOwner(me, id).tracks.every((t) => t.uploadBatch === null)).toBe(
			true
		);
	});
});

describe('publishing', () => {
	it('needs every track ready; then public now, or at a scheduled moment', async () => {
		const me = await artist('harbour');
		const { id, artistId } = app.context.catalog.createRelease(me, release);
		expect(thrown(() => app.context.catalog.publish(me, id, { when: 'now' })).message).toMatch(
			/at least one track/
		);
		const track = await app.context.catalog.registerUpload(me, {
			releaseId: id,
			filePath: wavFile(),
			originalName: 'a.wav'
		});
		expect(thrown(() => app.context.catalog.publish(me, id, { when: 'now' })).message).toMatch(
			/at least one track/
		);
		app.context.repositories.tracks.update(track.id, { status: 'ready', stage: null, progress: 1 });

		const inAnHour = new Date(app.clock.now() + 3_600_000).toISOString();
		expect(
			thrown(() =>
				app.context.catalog.publish(me, id, {
					when: 'later',
					publishAt: new Date(app.clock.now() - 1000).toISOString()
				})
			).fields.publishAt
		).toBe('Choose a moment in the future.');
		expect(app.context.catalog.publish(me, id, { when: 'later', publishAt: inAnHour }).status).toBe(
			'scheduled'
		);
		expect(app.context.catalog.listPublicReleases(artistId)).toHaveLength(0);
		app.clock.advance(3_600_000);
		expect(app.context.catalog.listPublicReleases(artistId).map((r) => r.id)).toEqual([id]);

		app.context.catalog.unpublish(me, id);
		expect(app.context.catalog.listPublicReleases(artistId)).toHaveLength(0);
		app.context.catalog.publish(me, id, { when: 'now' });
		expect(app.context.catalog.listPublicReleases(artistId)).toHaveLength(1);
	});

	it('only a failed track can be retried, which queues a new job', async () => {
		const me = await artist('harbour');
		const { id } = app.context.catalog.createRelease(me, release);
		const track = await app.context.catalog.registerUpload(me, {
			releaseId: id,
			filePath: wavFile(),
			originalName: 'a.wav'
		});
		expect(thrown(() => app.context.catalog.retryTrack(me, track.id)).kind).toBe('conflict');
		app.context.repositories.tracks.update(track.id, { status: 'failed', error: 'boom' });
		const retried = app.context.catalog.retryTrack(me, track.id);
		expect(retried).toMatchObject({ status: 'processing', stage: 'queued', error: null });
		expect(retried.jobId).not.toBe(track.jobId);
	});
});
