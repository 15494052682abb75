import { afterEach, describe, expect, it } from 'vitest';
import { SIGN_IN_FAILED } from '../../../src/lib/server/accounts/account-service';
import { INGEST_JOB } from '../../../src/lib/server/catalog/catalog-service';
import { DEMO_ARTISTS, seedDemoCatalogueIfEmpty } from '../../../src/server/demo/demo-catalogue';
import { synthArgs } from '../../../src/server/demo/synth-args';
import { createTestApp, newPerson, type TestApp } from '../../helpers/app-context';

let app: TestApp | undefined;
afterEach(() => app?.cleanup());

describe('demo catalogue', () => {
	it('on an empty database, makes artists, releases and real audio, and queues it for the worker — once', async () => {
		app = createTestApp({ SHOAL_DEMO: '1' });
		const artists = DEMO_ARTISTS.slice(0, 2).map((a) => ({ ...a, tracks: a.tracks.slice(0, 1) }));
		expect(await seedDemoCatalogueIfEmpty(app.context, { durationSeconds: 2, artists })).toBe('seeded');

		const tidewater = app.context.artists.byHandle('tidewater');
		expect(tidewater?.name).toBe('Tidewater');
		const demoUser = { userId: tidewater!.userId, isAdmin: false };
		const { releases } = app.context.catalog.listOwnReleases(demoUser);
		expect(releases).toHaveLength(1);
		const { tracks } = app.context.catalog.releaseForOwner(demoUser, releases[0].id);
		expect(tracks.map((t) => t.title)).toEqual(['Low Tide']);
		expect(tracks[0]).toMatchObject({ status: 'processing', sourceKind: 'flac', lossless: true });
		expect(app.context.jobs.get(tracks[0].jobId!)?.type).toBe(INGEST_JOB);
		// The demo account exists under its address but cannot be signed into: its password is random.
		// The refusal must be the wrong-password one, not a validation error or a missing account.
		const email = 'demo+tidewater@shoal.invalid';
		expect(app.context.repositories.users.findByEmail(email)?.id).toBe(tidewater!.userId);
		for (const password of ['password', 'tidewater', email, 'demo'])
			await expect(app.context.accounts.signIn({ email, password }, '127.0.0.1')).rejects.toMatchObject({
				kind: 'unauthenticated',
				message: SIGN_IN_FAILED
			});

		expect(await seedDemoCatalogueIfEmpty(app.context, { durationSeconds: 2, artists })).toBe('skipped');
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

	it('synthesises with constant expressions only: no input file, no user text', () => {
		const { args } = synthArgs({
			voice: DEMO_ARTISTS[0].tracks[0].voice,
			durationSeconds: 30,
			outputPath: '/tmp/x.flac',
			codec: 'flac'
		});
		expect(args.slice(0, 7)).toEqual(['-nostdin', '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i']);
		expect(args[7]).toMatch(/^aevalsrc=exprs='.+':s=48000:d=30$/);
		expect(args.at(-1)).toBe('/tmp/x.flac');
	});
});
