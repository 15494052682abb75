import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	isReleasePublicAt,
	isTrackPlayableByAnyoneAt,
	type Publication
} from '../../src/lib/server/auth/policy';
import { isPlayableByAnyoneAt, isPublicAt } from '../../src/lib/server/catalog/release-repository';
import { releases, tracks } from '../../src/lib/server/db/schema';
import { newId } from '../../src/lib/server/ids';
import { createMediaAccess } from '../../src/lib/server/media/media-access';
import { createMediaAccessRepository } from '../../src/lib/server/media/media-access-repository';
import { parseMediaPath } from '../../src/lib/server/media/media-paths';
import { createSearchRepository } from '../../src/lib/server/search/search-repository';
import type { TrackStatus } from '../../src/lib/shared/catalog';
import { trackRow } from '../helpers/catalog-rows';
import { createTestApp, newPerson, type TestApp } from '../helpers/app-context';

/**
 * "Public" is decided in two places: in SQL, where whole lists are filtered (isPublicAt,
 * isPlayableByAnyoneAt, and search's stored public_from kept by triggers), and by the policy's pure
 * rules, where one row is decided. This table of rows holds them to the same answers.
 */

const T = 1_800_000_000_000;
const MOMENTS = [T - 1, T, T + 1];
const PUBLICATIONS: Publication[] = [
	{ status: 'draft', publishAt: null },
	{ status: 'draft', publishAt: T - 10 },
	{ status: 'scheduled', publishAt: null },
	{ status: 'scheduled', publishAt: T - 1 },
	{ status: 'scheduled', publishAt: T },
	{ status: 'scheduled', publishAt: T + 1 },
	{ status: 'published', publishAt: null },
	{ status: 'published', publishAt: T - 10 },
	{ status: 'published', publishAt: T + 10 }
];
const TRACK_STATES: Array<{ status: TrackStatus; withMedia: boolean }> = [
	{ status: 'processing', withMedia: false },
	{ status: 'ready', withMedia: true },
	{ status: 'ready', withMedia: false },
	{ status: 'failed', withMedia: false },
	// A failed re-encode of a track that had media before.
	{ status: 'failed', withMedia: true }
];

let app: TestApp;
const releaseRows: Array<{ id: string; tag: string; publication: Publication }> = [];
const trackRows: Array<{
	id: string;
	publication: Publication;
	status: TrackStatus;
	mediaKey: string | null;
}> = [];

beforeAll(async () => {
	app = createTestApp();
	const { context } = app;
	const { user } = await context.accounts.signUp(newPerson());
	const actor = { userId: user.id, isAdmin: false };
	context.artists.createProfile(actor, { handle: 'agreement', name: 'Agreement', bio: '', links: [] });
	PUBLICATIONS.forEach((publication, i) => {
		const tag = `tidelinetag${i}`;
		const release = context.catalog.createRelease(actor, {
			title: `Tideline release ${i}`,
			type: 'single',
			releaseDate: '',
			tags: tag,
			licence: 'cc-by'
		});
		// Tracks first, then the release's state: the triggers must follow either order.
		TRACK_STATES.forEach((state, j) => {
			const id = newId();
			const row = trackRow(release, state.status, {
				id,
				title: `Tideline track ${i} ${j}`,
				position: j + 1,
				mediaKey: state.withMedia ? `tracks/${id}/v1-1` : null
			});
			context.repositories.tracks.insert(row);
			trackRows.push({ id: row.id, publication, status: row.status, mediaKey: row.mediaKey });
		});
		context.repositories.releases.update(release.id, { ...publication, updatedAt: T });
		releaseRows.push({ id: release.id, tag, publication });
	});
});
afterAll(() => app?.cleanup());

const sorted = (ids: string[]) => [...ids].sort();

describe.each(MOMENTS)('at %i, SQL and the policy agree', (now) => {
	const expectedReleases = () =>
		sorted(releaseRows.filter((r) => isReleasePublicAt(r.publication, now)).map((r) => r.id));
	const expectedTracks = () =>
		sorted(
			trackRows
				.filter((t) =>
					isTrackPlayableByAnyoneAt({ status: t.status, mediaKey: t.mediaKey }, t.publication, now)
				)
				.map((t) => t.id)
		);

	it('on which releases are public (isPublicAt)', () => {
		const { db } = app.context.dbHandle;
		const rows = db.select({ id: releases.id }).from(releases).where(isPublicAt(now)).all();
		expect(expectedReleases().length).toBeGreaterThan(0);
		expect(expectedReleases().length).toBeLessThan(releaseRows.length);
		expect(sorted(rows.map((r) => r.id))).toEqual(expectedReleases());
	});

	it('on which tracks anyone may hear (isPlayableByAnyoneAt)', () => {
		const { db } = app.context.dbHandle;
		const rows = db
			.select({ id: tracks.id })
			.from(tracks)
			.innerJoin(releases, eq(releases.id, tracks.releaseId))
			.where(isPlayableByAnyoneAt(now))
			.all();
		expect(expectedTracks().length).toBeGreaterThan(0);
		expect(sorted(rows.map((r) => r.id))).toEqual(expectedTracks());
	});

	it('on what search may find (public_from kept by triggers), and on tag counts', () => {
		const search = createSearchRepository(app.context.dbHandle.db);
		const hits = search.wordHits('"tideline"*', now, { perKind: 1000 });
		const ofKind = (kind: string) => sorted(hits.filter((h) => h.kind === kind).map((h) => h.entityId));
		expect(ofKind('release')).toEqual(expectedReleases());
		expect(ofKind('track')).toEqual(expectedTracks());
		const publicTags = releaseRows.filter((r) => isReleasePublicAt(r.publication, now)).map((r) => r.tag);
		expect(ofKind('tag')).toEqual(sorted(publicTags));
		const counts = search.tagCounts(
			releaseRows.map((r) => r.tag),
			now
		);
		expect(sorted([...counts.keys()])).toEqual(sorted(publicTags));
	});

	it('on what the media route and the player may serve to anyone', () => {
		const { clock, dbHandle, mediaUrls } = app.context;
		app.clock.advance(now - clock.now());
		// Uncached, so every answer is read now.
		const access = createMediaAccess({
			repo: createMediaAccessRepository(dbHandle.db),
			clock,
			mediaUrls,
			cacheMs: 0
		});
		const playable = trackRows.filter((t) => access.playable(t.id, null) !== null).map((t) => t.id);
		expect(sorted(playable)).toEqual(expectedTracks());
		const unsigned = trackRows.filter((t) => {
			const request = t.mediaKey && parseMediaPath(`/media/${t.mediaKey}/master.m3u8`);
			return request ? access.isPublic(request) : false;
		});
		expect(sorted(unsigned.map((t) => t.id))).toEqual(expectedTracks());
	});
});
