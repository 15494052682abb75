import { afterEach, beforeEach, expect, it } from 'vitest';
import { isServiceError } from '../../../src/lib/server/errors';
import type { Listener } from '../../../src/lib/server/listen/listener-key';
import { createTestApp, type TestApp } from '../../helpers/app-context';
import { anonymous, artistWithRelease, person, track } from './fixtures';

let app: TestApp;
beforeEach(() => {
	app = createTestApp();
});
afterEach(() => app.cleanup());

const MINUTE = 60_000;

function play(trackId: string, listener: Listener): boolean {
	return app.context.plays.recordPlay({ trackId, heardSeconds: 45 }, listener).counted;
}

it('lists what a signed-in listener heard, newest first, with names', async () => {
	const { release, artist } = await artistWithRelease(app);
	const first = track(app, release, { title: 'Low Tide' });
	const second = track(app, release, { title: 'High Water' });
	const { user, listener } = await person(app);
	const started = app.clock.now();

	expect(play(first.id, listener)).toBe(true);
	app.clock.advance(MINUTE);
	expect(play(second.id, listener)).toBe(true);
	// Plays that do not count (a repeat within 10 minutes, too little heard) do not enter history.
	expect(play(second.id, listener)).toBe(false);
	expect(app.context.plays.recordPlay({ trackId: first.id, heardSeconds: 3 }, listener).counted).toBe(false);
	// Anonymous plays have no history.
	expect(play(first.id, anonymous())).toBe(true);

	const { entries, older } = app.context.plays.historyOf(user.id);
	expect(older).toBeNull();
	expect(entries).toEqual([
		{
			id: expect.any(String),
			playedAt: started + MINUTE,
			trackId: second.id,
			title: 'High Water',
			releaseId: release.id,
			releaseTitle: release.title,
			artistName: artist.name,
			artistHandle: artist.handle,
			available: true
		},
		expect.objectContaining({ trackId: first.id, title: 'Low Tide', playedAt: started, available: true })
	]);
});

it('marks tracks of releases no longer public as unavailable, and drops deleted tracks', async () => {
	const { release } = await artistWithRelease(app);
	const kept = track(app, release);
	const deleted = track(app, release);
	const { user, listener } = await person(app);
	expect(play(kept.id, listener)).toBe(true);
	expect(play(deleted.id, listener)).toBe(true);

	app.context.repositories.tracks.delete(deleted.id);
	app.context.repositories.releases.update(release.id, { status: 'draft', publishAt: null });
	const { entries } = app.context.plays.historyOf(user.id);
	expect(entries).toEqual([expect.objectContaining({ trackId: kept.id, available: false })]);
});

it('pages through a long history with an "older" cursor', async () => {
	const { release } = await artistWithRelease(app);
	const songs = Array.from({ length: 5 }, () => track(app, release));
	const { user, listener } = await person(app);
	for (const song of songs.slice(0, 3)) expect(play(song.id, listener)).toBe(true);
	// Two plays in the same millisecond still page in a stable order.
	app.clock.advance(MINUTE);
	for (const song of songs.slice(3)) expect(play(song.id, listener)).toBe(true);

	const seen: string[] = [];
	let before: string | undefined;
	let pages = 0;
	do {
		const page = app.context.plays.historyOf(user.id, { limit: 2, before });
		seen.push(...page.entries.map((entry) => entry.trackId));
		before = page.older ?? undefined;
		pages++;
	} while (before);
	expect(pages).toBe(3);
	expect(seen).toHaveLength(5);
	expect(new Set(seen)).toEqual(new Set(songs.map((song) => song.id)));
	expect(new Set(seen.slice(0, 2))).toEqual(new Set([songs[3].id, songs[4].id]));

	const bad = (() => {
		try {
			app.context.plays.historyOf(user.id, { before: 'not a cursor' });
		} catch (error) {
			return error;
		}
	})();
	expect(isServiceError(bad) && bad.kind).toBe('invalid');
});

it('clearing removes only that listener’s history; plays stay counted', async () => {
	const { release } = await artistWithRelease(app);
	const song = track(app, release);
	const me = await person(app);
	const someone = await person(app);
	expect(play(song.id, me.listener)).toBe(true);
	expect(play(song.id, someone.listener)).toBe(true);

	expect(app.context.plays.clearHistory(me.user.id)).toBe(1);
	expect(app.context.plays.historyOf(me.user.id).entries).toEqual([]);
	expect(app.context.plays.historyOf(someone.user.id).entries).toHaveLength(1);
	expect(app.context.plays.playCountOf(song.id)).toBe(2);
	// Still within 10 minutes: clearing history does not reset the dedupe.
	expect(play(song.id, me.listener)).toBe(false);
});
