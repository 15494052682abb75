import { afterEach, beforeEach, expect, it } from 'vitest';
import { ServiceError } from '../../src/lib/server/errors';
import { createTestApp, newPerson, type TestApp } from '../helpers/app-context';

let app: TestApp;
beforeEach(() => {
	app = createTestApp();
});
afterEach(() => app.cleanup());

async function artistWithRelease(handle: string) {
	const { user } = await app.context.accounts.signUp(newPerson());
	const actor = { userId: user.id, isAdmin: false };
	const artist = app.context.artists.createProfile(actor, { handle, name: handle, bio: '', links: [] });
	const release = app.context.catalog.createRelease(actor, {
		title: `${handle} EP`,
		type: 'ep',
		releaseDate: '2026-11-01',
		description: '',
		tags: '',
		licence: 'cc-by'
	});
	return { actor, artist, release };
}

it('features only the artist’s own release, and shows it only while it is public', async () => {
	const mine = await artistWithRelease('harbour');
	const theirs = await artistWithRelease('estuary');
	const profile = { handle: 'harbour', name: 'Harbour', bio: '', links: [] };

	const refused = (() => {
		try {
			app.context.artists.updateProfile(mine.actor, mine.artist.id, {
				...profile,
				featuredReleaseId: theirs.release.id
			});
		} catch (error) {
			return error;
		}
	})();
	expect(refused).toBeInstanceOf(ServiceError);
	expect((refused as ServiceError).fields.featuredReleaseId).toBe('Choose one of your own releases.');

	const saved = app.context.artists.updateProfile(mine.actor, mine.artist.id, {
		...profile,
		featuredReleaseId: mine.release.id
	});
	expect(saved.featuredReleaseId).toBe(mine.release.id);
	// A draft is not public: the page leaves the featured spot empty rather than leak it.
	expect(app.context.publicCatalog.artistPage('harbour', null).featured).toBeNull();

	const cleared = app.context.artists.updateProfile(mine.actor, mine.artist.id, {
		...profile,
		featuredReleaseId: ''
	});
	expect(cleared.featuredReleaseId).toBeNull();
});
