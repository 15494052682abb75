import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrackRow } from '../../../src/lib/server/catalog/track-repository';
import { plays } from '../../../src/lib/server/db/schema';
import { ServiceError } from '../../../src/lib/server/errors';
import { newId } from '../../../src/lib/server/ids';
import { TRACK_PAGE_PEAKS, TRENDING_WINDOW_MS } from '../../../src/lib/server/listen/public-catalog-service';
import { createTestApp, newPerson, type TestApp } from '../../helpers/app-context';
import { track as insertTrack } from './fixtures';

let app: TestApp;
beforeEach(() => {
	app = createTestApp();
});
afterEach(() => app.cleanup());

const DAY = 24 * 60 * 60 * 1000;

async function artist(handle: string) {
	const { user } = await app.context.accounts.signUp(newPerson());
	const actor = { userId: user.id, isAdmin: false };
	const profile = app.context.artists.createProfile(actor, {
		handle,
		name: `Artist ${handle}`,
		bio: '',
		links: []
	});
	return { actor, profile };
}

function release(
	actor: { userId: string; isAdmin: boolean },
	title: string,
	tags = 'ambient, field recordings'
) {
	return app.context.catalog.createRelease(actor, {
		title,
		type: 'ep',
		releaseDate: '2026-01-01',
		description: 'Line one\nLine two',
		tags,
		licence: 'cc-by-sa'
	});
}

/** A track row as the worker leaves it (or not), without any media files: pages only read rows. */
function track(
	releaseId: string,
	artistId: string,
	title: string,
	status: TrackRow['status'] = 'ready',
	position = 1
): TrackRow {
	const ready = status === 'ready';
	return insertTrack(
		app,
		{ id: releaseId, artistId },
		{
			position,
			title,
			originalName: `${title}.flac`,
			status,
			progress: ready ? 1 : 0.3,
			error: status === 'failed' ? 'broken' : null,
			durationSeconds: ready ? 125.4 : null,
			loudnessLufs: ready ? -16.2 : null,
			truePeakDbtp: null,
			peaks: ready ? Array.from({ length: 1500 }, (_, i) => (i % 100) / 100) : null,
			...(ready ? {} : { mediaKey: null }),
			rungs: ready
				? [
						{ name: 'aac_128k', codecs: 'mp4a.40.2', bandwidth: 140000, averageBandwidth: 130000 },
						{ name: 'flac', codecs: 'fLaC', bandwidth: 900000, averageBandwidth: 800000 }
					]
				: null
		}
	);
}

function publish(releaseId: string) {
	const now = app.clock.now();
	app.context.repositories.releases.update(releaseId, {
		status: 'published',
		publishAt: now,
		updatedAt: now
	});
}

function play(trackId: string, artistId: string, at: number, listener = newId()) {
	app.context.dbHandle.db
		.insert(plays)
		.values({ id: newId(), trackId, artistId, listenerKey: `a:${listener}`, playedAt: at })
		.run();
}

function notFound(fn: () => unknown): string {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(ServiceError);
		expect((error as ServiceError).kind).toBe('not_found');
		return (error as ServiceError).message;
	}
	throw new Error('expected not_found');
}

describe('release and track visibility', () => {
	it('hides drafts from everyone but their artist and admins, with the same answer as a missing id', async () => {
		const { actor, profile } = await artist('tidepool');
		const draft = release(actor, 'Unfinished');
		const ready = track(draft.id, profile.id, 'Sketch');
		const { actor: stranger } = await artist('stranger');
		const pages = app.context.publicCatalog;

		const missing = notFound(() => pages.releasePage('no-such-release', null));
		expect(notFound(() => pages.releasePage(draft.id, null))).toBe(missing);
		expect(notFound(() => pages.releasePage(draft.id, stranger))).toBe(missing);
		const missingTrack = notFound(() => pages.trackPage('no-such-track', null));
		expect(notFound(() => pages.trackPage(ready.id, stranger))).toBe(missingTrack);

		const preview = pages.releasePage(draft.id, actor);
		expect(preview.visibility).toEqual({ state: 'draft' });
		expect(preview.canEdit).toBe(true);
		expect(preview.tracks.map((t) => t.title)).toEqual(['Sketch']);
		const signed = preview.tracks[0];
		expect(signed.src).toMatch(new RegExp(`^/media/tracks/${ready.id}/v1-abc/master\\.m3u8\\?exp=\\d+&sig=`));
		expect(signed.srcExpiresAt).toBeGreaterThan(app.clock.now());
		const exp = new URL(signed.src, 'http://x').searchParams;
		expect(app.context.mediaUrls.verify(ready.id, actor.userId, exp.get('exp'), exp.get('sig'))).toBe('ok');
		expect(app.context.mediaUrls.verify(ready.id, stranger.userId, exp.get('exp'), exp.get('sig'))).toBe(
			'invalid'
		);

		const admin = { userId: stranger.userId, isAdmin: true };
		expect(pages.trackPage(ready.id, admin).visibility).toEqual({ state: 'draft' });
	});

	it('shows a scheduled release to listeners only once its moment has come', async () => {
		const { actor, profile } = await artist('dawn');
		const scheduled = release(actor, 'At Dawn');
		const t = track(scheduled.id, profile.id, 'Sunrise');
		const at = app.clock.now() + 2 * DAY;
		app.context.repositories.releases.update(scheduled.id, { status: 'scheduled', publishAt: at });
		const pages = app.context.publicCatalog;

		notFound(() => pages.releasePage(scheduled.id, null));
		notFound(() => pages.trackPage(t.id, null));
		expect(pages.home().newReleases).toEqual([]);
		expect(pages.releasePage(scheduled.id, actor).visibility).toEqual({ state: 'scheduled', publishAt: at });

		app.clock.advance(2 * DAY);
		const page = pages.releasePage(scheduled.id, null);
		expect(page.visibility).toEqual({ state: 'public' });
		expect(page.canEdit).toBe(false);
		expect(page.tracks[0].src).toBe(`/media/tracks/${t.id}/v1-abc/master.m3u8`);
		expect(page.tracks[0].srcExpiresAt).toBeNull();
		expect(pages.trackPage(t.id, null).visibility).toEqual({ state: 'public' });
		expect(pages.home().newReleases.map((r) => r.title)).toEqual(['At Dawn']);
	});

	it('lists only ready tracks, in order, with their total duration; others have no page', async () => {
		const { actor, profile } = await artist('mixed');
		const r = release(actor, 'Mixed Bag');
		track(r.id, profile.id, 'Second', 'ready', 2);
		track(r.id, profile.id, 'First', 'ready', 1);
		const processing = track(r.id, profile.id, 'Still Encoding', 'processing', 3);
		const failed = track(r.id, profile.id, 'Broken', 'failed', 4);
		publish(r.id);
		const pages = app.context.publicCatalog;

		const page = pages.releasePage(r.id, null);
		expect(page.tracks.map((t) => t.title)).toEqual(['First', 'Second']);
		expect(page.totalSeconds).toBeCloseTo(250.8);
		expect(page.tracks[0]).toMatchObject({ lossless: true, loudnessLufs: -16.2, artistHandle: 'mixed' });
		expect(page.release).toMatchObject({
			description: 'Line one\nLine two',
			tags: ['ambient', 'field recordings'],
			licence: 'cc-by-sa'
		});
		notFound(() => pages.trackPage(processing.id, actor));
		notFound(() => pages.trackPage(failed.id, null));
		expect(pages.home().newReleases[0]).toMatchObject({ title: 'Mixed Bag', trackCount: 2 });
	});

	it('gives the track page a downsampled waveform and its counted plays', async () => {
		const { actor, profile } = await artist('wave');
		const r = release(actor, 'Waves');
		const t = track(r.id, profile.id, 'Swell');
		publish(r.id);
		play(t.id, profile.id, app.clock.now() - 30 * DAY);
		play(t.id, profile.id, app.clock.now());
		const page = app.context.publicCatalog.trackPage(t.id, null);
		expect(page.peaks).toHaveLength(TRACK_PAGE_PEAKS);
		expect(Math.max(...page.peaks)).toBeLessThanOrEqual(1);
		expect(page.plays).toBe(2);
		expect(page.release.title).toBe('Waves');
		expect(page.licence).toBe('cc-by-sa');
	});
});

describe('discovery', () => {
	it('trending counts only plays of the last 7 days, and says nothing when nobody listened', async () => {
		const { actor, profile } = await artist('charts');
		const r = release(actor, 'Charts');
		const oldHit = track(r.id, profile.id, 'Old Hit', 'ready', 1);
		const newHit = track(r.id, profile.id, 'New Hit', 'ready', 2);
		const draftRelease = release(actor, 'Hidden');
		const hidden = track(draftRelease.id, profile.id, 'Hidden Track');
		publish(r.id);
		const pages = app.context.publicCatalog;
		expect(pages.home().trending).toEqual([]);

		const now = app.clock.now();
		for (let i = 0; i < 5; i++) play(oldHit.id, profile.id, now - TRENDING_WINDOW_MS - 1000 * (i + 1));
		play(oldHit.id, profile.id, now - TRENDING_WINDOW_MS + 1000);
		play(newHit.id, profile.id, now - DAY);
		play(newHit.id, profile.id, now - 2 * DAY);
		for (let i = 0; i < 4; i++) play(hidden.id, profile.id, now - DAY);

		const trending = pages.home().trending;
		expect(trending.map((t) => [t.track.title, t.plays])).toEqual([
			['New Hit', 2],
			['Old Hit', 1]
		]);

		// All-time counts on the artist page: the old hit leads there.
		const artistPage = pages.artistPage('charts', null);
		expect(artistPage.topTracks.map((t) => [t.track.title, t.plays])).toEqual([
			['Old Hit', 6],
			['New Hit', 2]
		]);
		expect(artistPage.releases.map((rel) => rel.title)).toEqual(['Charts']);
		expect(artistPage.isOwner).toBe(false);
		expect(pages.artistPage('charts', actor).isOwner).toBe(true);

		app.clock.advance(8 * DAY);
		expect(pages.home().trending).toEqual([]);
	});

	it('lists tags of public releases by count, and public releases of a tag newest first', async () => {
		const { actor, profile } = await artist('tagger');
		const first = release(actor, 'First', 'ambient, drone');
		track(first.id, profile.id, 'A');
		publish(first.id);
		app.clock.advance(1000);
		const second = release(actor, 'Second', 'Ambient, 民谣');
		track(second.id, profile.id, 'B');
		publish(second.id);
		const draft = release(actor, 'Draft', 'ambient, secret');
		track(draft.id, profile.id, 'C');
		const pages = app.context.publicCatalog;

		expect(pages.home().tags).toEqual([
			{ tag: 'ambient', releases: 2 },
			{ tag: 'drone', releases: 1 },
			{ tag: '民谣', releases: 1 }
		]);
		expect(pages.releasesWithTag('Ambient').releases.map((r) => r.title)).toEqual(['Second', 'First']);
		expect(pages.releasesWithTag('民谣').releases.map((r) => r.title)).toEqual(['Second']);
		expect(pages.releasesWithTag('secret').releases).toEqual([]);
		const tooLong = (() => {
			try {
				pages.releasesWithTag('x'.repeat(41));
			} catch (error) {
				return error as ServiceError;
			}
		})();
		expect(tooLong).toMatchObject({ kind: 'invalid', message: 'Tags are 1 to 40 characters long.' });
		expect(pages.home().newReleases.map((r) => r.title)).toEqual(['Second', 'First']);
	});
});
