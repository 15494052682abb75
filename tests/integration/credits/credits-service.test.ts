import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isServiceError } from '../../../src/lib/server/errors';
import { createTestApp, type TestApp } from '../../helpers/app-context';
import { artistWithRelease, person, track } from '../listen/fixtures';

let app: TestApp;
beforeEach(() => {
	app = createTestApp();
});
afterEach(() => app.cleanup());

function refusal(work: () => unknown) {
	try {
		work();
	} catch (err) {
		if (isServiceError(err)) return { kind: err.kind, message: err.message, fields: err.fields };
		throw err;
	}
	throw new Error('expected a refusal');
}

const searchTracks = (query: string) => app.context.search.search(query).tracks.map((t) => t.title);

describe('track credits in the studio', () => {
	it('saves artists and credits in order, links handles, and drops blank rows', async () => {
		const { user, release } = await artistWithRelease(app);
		const other = await artistWithRelease(app);
		const row = track(app, release, { title: 'Harbour Lights' });
		const actor = { userId: user.id, isAdmin: false };
		const saved = app.context.credits.saveCredits(actor, row.id, {
			artists: [
				{ role: 'main', name: 'Moss', handle: '' },
				{ role: 'featured', name: 'Static', handle: `@${other.artist.handle.toUpperCase()}` },
				{ role: 'featured', name: '   ', handle: '' }
			],
			credits: [
				{ role: 'performer', name: 'Ana', detail: 'cello' },
				{ role: 'other', name: 'Wu', detail: 'Arranger' },
				{ role: 'composer', name: '', detail: '' }
			]
		});
		expect(saved).toEqual({
			artists: [
				{ role: 'main', name: 'Moss', handle: null },
				{ role: 'featured', name: 'Static', handle: other.artist.handle }
			],
			credits: [
				{ role: 'performer', name: 'Ana', detail: 'cello', handle: null },
				{ role: 'other', name: 'Wu', detail: 'Arranger', handle: null }
			]
		});
	});

	it('says which row is wrong: an unknown handle, "other" without a role, a bad role', async () => {
		const { user, release } = await artistWithRelease(app);
		const row = track(app, release);
		const actor = { userId: user.id, isAdmin: false };
		expect(
			refusal(() =>
				app.context.credits.saveCredits(actor, row.id, {
					artists: [{ role: 'featured', name: 'X', handle: 'nobody-here' }],
					credits: []
				})
			).fields
		).toEqual({ 'artists.0.handle': 'No Shoal artist has the handle @nobody-here.' });
		expect(
			refusal(() =>
				app.context.credits.saveCredits(actor, row.id, {
					artists: [{ role: 'guest', name: 'X', handle: '' }],
					credits: [
						{ role: 'composer', name: 'ok', detail: '' },
						{ role: 'other', name: 'Y', detail: '' }
					]
				})
			).fields
		).toEqual({
			'artists.0.role': 'Choose main or featured.',
			'credits.1.detail': 'Say what they did (for example "Arranger").'
		});
	});

	it('lets only the owner (or an admin) read or change credits and lyrics', async () => {
		const { release } = await artistWithRelease(app);
		const row = track(app, release);
		const stranger = await person(app);
		const otherArtist = await artistWithRelease(app);
		for (const userId of [stranger.user.id, otherArtist.user.id]) {
			const actor = { userId, isAdmin: false };
			expect(refusal(() => app.context.credits.forOwner(actor, row.id)).kind).toBe('not_found');
			expect(
				refusal(() =>
					app.context.credits.saveCredits(actor, row.id, {
						artists: [{ role: 'featured', name: 'Intruder', handle: '' }],
						credits: []
					})
				).kind
			).toBe('not_found');
			expect(refusal(() => app.context.credits.saveLyrics(actor, row.id, { lyrics: 'x' })).kind).toBe(
				'not_found'
			);
		}
		expect(app.context.credits.forOwner({ userId: stranger.user.id, isAdmin: true }, row.id).credits).toEqual(
			{
				artists: [],
				credits: []
			}
		);
		expect(searchTracks('Intruder')).toEqual([]);
	});

	it('stores lyrics, tells LRC from plain, and removes them when emptied', async () => {
		const { user, release } = await artistWithRelease(app);
		const row = track(app, release);
		const actor = { userId: user.id, isAdmin: false };
		expect(
			app.context.credits.saveLyrics(actor, row.id, { lyrics: '[00:01.00]One\r\n[00:02.00]Two' })
		).toEqual({
			synced: true
		});
		expect(app.context.publicCatalog.trackLyrics(row.id, null)).toEqual({
			synced: true,
			lines: [
				{ time: 1, text: 'One' },
				{ time: 2, text: 'Two' }
			]
		});
		expect(app.context.credits.saveLyrics(actor, row.id, { lyrics: 'Just words' })).toEqual({
			synced: false
		});
		expect(app.context.credits.saveLyrics(actor, row.id, { lyrics: '  ' })).toBeNull();
		expect(app.context.publicCatalog.trackLyrics(row.id, null)).toBeNull();
		expect(
			refusal(() => app.context.credits.saveLyrics(actor, row.id, { lyrics: 'x'.repeat(20_001) })).kind
		).toBe('invalid');
	});
});

describe('search by featured and credited names', () => {
	it('finds a public track by a featured artist or a credited name, in Latin, Arabic and Chinese', async () => {
		const { user, release } = await artistWithRelease(app);
		const row = track(app, release, { title: 'Harbour Lights' });
		const actor = { userId: user.id, isAdmin: false };
		expect(searchTracks('Marguerite')).toEqual([]);
		app.context.credits.saveCredits(actor, row.id, {
			artists: [
				{ role: 'featured', name: 'Marguerite Volant', handle: '' },
				{ role: 'featured', name: 'فيروز', handle: '' },
				{ role: 'featured', name: '王菲', handle: '' }
			],
			credits: [
				{ role: 'composer', name: '周杰伦', detail: '' },
				{ role: 'producer', name: 'Oskar Brenn', detail: '' }
			]
		});
		for (const query of ['Marguerite', 'volant', 'فيروز', '王菲', '王', '周杰伦', 'oskar bre']) {
			expect(searchTracks(query), query).toEqual(['Harbour Lights']);
		}
	});

	it('forgets names that were removed and hides tracks that are not public', async () => {
		const { user, release } = await artistWithRelease(app);
		const draft = await artistWithRelease(app, { status: 'draft' });
		const row = track(app, release, { title: 'Public One' });
		const hidden = track(app, draft.release, { title: 'Draft One' });
		const actor = { userId: user.id, isAdmin: false };
		const draftActor = { userId: draft.user.id, isAdmin: false };
		const credits = { artists: [{ role: 'featured', name: 'Zephyrine', handle: '' }], credits: [] };
		app.context.credits.saveCredits(actor, row.id, credits);
		app.context.credits.saveCredits(draftActor, hidden.id, credits);
		expect(searchTracks('zephyrine')).toEqual(['Public One']);
		app.context.credits.saveCredits(actor, row.id, { artists: [], credits: [] });
		expect(searchTracks('zephyrine')).toEqual([]);
	});
});
