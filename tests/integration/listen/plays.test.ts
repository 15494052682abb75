import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isServiceError, type ServiceError } from '../../../src/lib/server/errors';
import type { Listener } from '../../../src/lib/server/listen/listener-key';
import { createTestApp, type TestApp } from '../../helpers/app-context';
import { anonymous, artistWithRelease, person, track } from './fixtures';

let app: TestApp;
beforeEach(() => {
	app = createTestApp();
});
afterEach(() => app.cleanup());

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function play(trackId: string, heardSeconds: number, listener: Listener): boolean {
	return app.context.plays.recordPlay({ trackId, heardSeconds }, listener).counted;
}

function refusal(fn: () => unknown): ServiceError {
	try {
		fn();
	} catch (error) {
		if (isServiceError(error)) return error;
		throw error;
	}
	throw new Error('expected a ServiceError');
}

function playRows() {
	return app.context.dbHandle.sqlite.prepare('select * from plays order by played_at').all() as Array<{
		track_id: string;
		listener_key: string;
		played_at: number;
	}>;
}

function saltRows() {
	return app.context.dbHandle.sqlite
		.prepare("select key from settings where key like 'listener-salt:%'")
		.all() as Array<{ key: string }>;
}

describe('what counts as a play', () => {
	it('needs 30 s heard, or half of a shorter track', async () => {
		const { release } = await artistWithRelease(app);
		const long = track(app, release, { durationSeconds: 200 });
		const short = track(app, release, { durationSeconds: 40 });
		const { listener } = await person(app);

		expect(play(long.id, 29, listener)).toBe(false);
		expect(play(long.id, 29.99, listener)).toBe(false);
		expect(play(long.id, 30, listener)).toBe(true);
		expect(play(short.id, 19.9, listener)).toBe(false);
		expect(play(short.id, 20, listener)).toBe(true);
		expect(app.context.plays.playCountOf(long.id)).toBe(1);
		expect(app.context.plays.playCountOf(short.id)).toBe(1);
	});

	it('counts only ready tracks on releases public now', async () => {
		const { release: draft, listener: owner } = await artistWithRelease(app, { status: 'draft' });
		const { release: notDue } = await artistWithRelease(app, {
			status: 'scheduled',
			publishAt: app.clock.now() + DAY
		});
		const { release: due } = await artistWithRelease(app, {
			status: 'scheduled',
			publishAt: app.clock.now() - MINUTE
		});
		const { release: published } = await artistWithRelease(app);
		const draftTrack = track(app, draft);
		const notDueTrack = track(app, notDue);
		const dueTrack = track(app, due);
		const processing = track(app, published, { status: 'processing', mediaKey: null });
		const failed = track(app, published, { status: 'failed', mediaKey: null });
		const { listener } = await person(app);

		// The artist previewing their own draft, and anyone else: never counted.
		expect(play(draftTrack.id, 60, owner)).toBe(false);
		expect(play(draftTrack.id, 60, listener)).toBe(false);
		expect(play(notDueTrack.id, 60, listener)).toBe(false);
		expect(play(processing.id, 60, listener)).toBe(false);
		expect(play(failed.id, 60, listener)).toBe(false);
		expect(play('no-such-track', 60, listener)).toBe(false);
		expect(playRows()).toHaveLength(0);

		expect(play(dueTrack.id, 60, listener)).toBe(true);
		// The scheduled moment passes: the same track now counts, with no timer involved.
		app.clock.advance(DAY);
		expect(play(notDueTrack.id, 60, listener)).toBe(true);
	});

	it('counts a listener once per track per 10 minutes', async () => {
		const { release } = await artistWithRelease(app);
		const song = track(app, release);
		const other = track(app, release);
		const { listener } = await person(app);

		expect(play(song.id, 45, listener)).toBe(true);
		app.clock.advance(10 * MINUTE - 1);
		expect(play(song.id, 45, listener)).toBe(false);
		// Another track is another play.
		expect(play(other.id, 45, listener)).toBe(true);
		app.clock.advance(1);
		expect(play(song.id, 45, listener)).toBe(true);
		expect(app.context.plays.playCountOf(song.id)).toBe(2);
	});

	it('counts two listeners separately', async () => {
		const { release } = await artistWithRelease(app);
		const song = track(app, release);
		const a = await person(app);
		const b = await person(app);

		expect(play(song.id, 45, a.listener)).toBe(true);
		expect(play(song.id, 45, b.listener)).toBe(true);
		expect(play(song.id, 45, anonymous('203.0.113.1'))).toBe(true);
		expect(play(song.id, 45, anonymous('203.0.113.2'))).toBe(true);
		expect(play(song.id, 45, anonymous('203.0.113.2', 'Another browser'))).toBe(true);
		expect(app.context.plays.playCountOf(song.id)).toBe(5);
		expect(playRows().map((row) => row.listener_key)).toEqual([
			`u:${a.user.id}`,
			`u:${b.user.id}`,
			expect.stringMatching(/^a:[A-Za-z0-9_-]{43}$/),
			expect.stringMatching(/^a:[A-Za-z0-9_-]{43}$/),
			expect.stringMatching(/^a:[A-Za-z0-9_-]{43}$/)
		]);
		expect(new Set(playRows().map((row) => row.listener_key)).size).toBe(5);
	});

	it('refuses input it cannot trust, with a sentence', async () => {
		const { release } = await artistWithRelease(app);
		const song = track(app, release, { durationSeconds: 200 });
		const { listener } = await person(app);
		const invalid = (body: unknown) => refusal(() => app.context.plays.recordPlay(body, listener));

		for (const body of [
			null,
			'track',
			{},
			{ trackId: song.id },
			{ trackId: song.id, heardSeconds: '45' },
			{ trackId: song.id, heardSeconds: -1 },
			{ trackId: song.id, heardSeconds: 1e9 },
			{ trackId: 'x'.repeat(65), heardSeconds: 45 },
			{ trackId: '', heardSeconds: 45 }
		]) {
			const error = invalid(body);
			expect(error.kind, JSON.stringify(body)).toBe('invalid');
			expect(error.message).toMatch(/^[A-Za-z].+\.$/);
		}
		// Longer than the whole track (plus a little slack for clocks): not believable.
		expect(invalid({ trackId: song.id, heardSeconds: 206 }).message).toMatch(/longer than the track/);
		expect(play(song.id, 205, listener)).toBe(true);
		expect(app.context.plays.playCountOf(song.id)).toBe(1);
	});
});

describe('anonymous listeners', () => {
	it('are told apart by a salted hash of address and browser that rotates daily', async () => {
		const { release } = await artistWithRelease(app);
		const song = track(app, release);
		const visitor = anonymous();

		expect(play(song.id, 45, visitor)).toBe(true);
		expect(play(song.id, 45, { ...visitor })).toBe(false);
		app.clock.advance(11 * MINUTE);
		expect(play(song.id, 45, visitor)).toBe(true);
		const [first, second] = playRows();
		expect(second.listener_key).toBe(first.listener_key);
		expect(saltRows()).toEqual([{ key: 'listener-salt:2026-01-01' }]);

		app.clock.advance(DAY);
		expect(play(song.id, 45, visitor)).toBe(true);
		const third = playRows()[2];
		expect(third.listener_key).toMatch(/^a:/);
		expect(third.listener_key).not.toBe(first.listener_key);
		// Yesterday's salt is gone: yesterday's keys cannot be recomputed from an address.
		expect(saltRows()).toEqual([{ key: 'listener-salt:2026-01-02' }]);
	});

	it('a signed-in play on a new day also forgets the old salt', async () => {
		const { release } = await artistWithRelease(app);
		const song = track(app, release);
		const { listener } = await person(app);
		expect(play(song.id, 45, anonymous())).toBe(true);
		app.clock.advance(DAY);
		expect(play(song.id, 45, listener)).toBe(true);
		expect(saltRows()).toEqual([{ key: 'listener-salt:2026-01-02' }]);
	});

	it('leave no address or user agent anywhere in the database', async () => {
		const { release } = await artistWithRelease(app);
		const song = track(app, release);
		const address = '192.0.2.123';
		const userAgent = 'Marker-Agent/7.7 (zebra-lantern)';
		const { listener } = await person(app);
		expect(play(song.id, 45, anonymous(address, userAgent))).toBe(true);
		expect(play(song.id, 45, { ...listener, address, userAgent })).toBe(true);
		app.clock.advance(DAY);
		expect(play(song.id, 45, anonymous(address, userAgent))).toBe(true);

		const { sqlite } = app.context.dbHandle;
		const tables = sqlite.prepare("select name from sqlite_master where type = 'table'").all() as Array<{
			name: string;
		}>;
		let cells = 0;
		for (const { name } of tables) {
			for (const row of sqlite.prepare(`select * from "${name}"`).all() as Array<Record<string, unknown>>) {
				for (const [column, value] of Object.entries(row)) {
					cells++;
					const text = Buffer.isBuffer(value) ? value.toString('latin1') : String(value);
					for (const secret of [address, '192.0.2', userAgent, 'zebra-lantern', 'Marker-Agent']) {
						expect(text.includes(secret), `${name}.${column} holds "${secret}"`).toBe(false);
					}
				}
			}
		}
		expect(cells).toBeGreaterThan(20);
		// Not in the files either (main database and write-ahead log).
		sqlite.pragma('wal_checkpoint(FULL)');
		const fs = await import('node:fs');
		for (const file of [app.context.config.databasePath, `${app.context.config.databasePath}-wal`]) {
			if (!fs.existsSync(file)) continue;
			const bytes = fs.readFileSync(file).toString('latin1');
			expect(bytes.includes('zebra-lantern')).toBe(false);
			expect(bytes.includes(address)).toBe(false);
		}
	});
});

describe('abuse guards', () => {
	it('answer 429 past 30 reports a minute per listener, then recover', async () => {
		const { release } = await artistWithRelease(app);
		const song = track(app, release);
		const { listener } = await person(app);
		const other = await person(app);
		for (let i = 0; i < 30; i++)
			app.context.plays.recordPlay({ trackId: song.id, heardSeconds: 5 }, listener);
		const limited = refusal(() => play(song.id, 45, listener));
		expect(limited.kind).toBe('rate_limited');
		expect(limited.status).toBe(429);
		expect(limited.message).toMatch(/Try again in \d+ seconds\./);
		expect(limited.retryAfterSeconds).toBeGreaterThan(0);
		// Invalid reports count towards the limit too (they are refused before parsing).
		expect(refusal(() => app.context.plays.recordPlay({}, listener)).kind).toBe('rate_limited');
		// Someone else is not affected.
		expect(play(song.id, 45, other.listener)).toBe(true);

		app.clock.advance(MINUTE);
		expect(play(song.id, 45, listener)).toBe(true);
	});

	it('count at most 120 plays per listener per hour across tracks', async () => {
		const { release } = await artistWithRelease(app);
		const songs = Array.from({ length: 125 }, () => track(app, release));
		const { listener } = await person(app);
		const counted: boolean[] = [];
		for (const song of songs.slice(0, 121)) {
			counted.push(play(song.id, 45, listener));
			app.clock.advance(20_000);
		}
		expect(counted.slice(0, 120).every(Boolean)).toBe(true);
		expect(counted[120]).toBe(false);
		// An hour after the first counted play, there is room again.
		app.clock.advance(60 * MINUTE - 121 * 20_000 + 1);
		expect(play(songs[121].id, 45, listener)).toBe(true);
	});
});
