import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../../src/lib/server/db';
import { createPlayService } from '../../../src/lib/server/listen/play-service';
import { createPlaysRepository } from '../../../src/lib/server/listen/plays-repository';
import { createTestApp, PROJECT_ROOT, type TestApp } from '../../helpers/app-context';
import { artistWithRelease, person, track } from './fixtures';

/**
 * Two reports of the same play at the same moment must count once. The check ("played in the last
 * 10 minutes?") and the insert run in one BEGIN IMMEDIATE transaction; these tests take that away
 * from under it in two ways: a second connection trying to count in between (deterministic), and
 * two real processes racing over the same plays.
 */

let app: TestApp;
let second: DbHandle | undefined;
let children: ChildProcess[] = [];
beforeEach(() => {
	app = createTestApp();
});
afterEach(() => {
	for (const child of children)
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	children = [];
	second?.close();
	second = undefined;
	app.cleanup();
});

it('nothing can count the same play between the check and the insert', async () => {
	const { release } = await artistWithRelease(app);
	const song = track(app, release);
	const { listener } = await person(app);
	const body = { trackId: song.id, heardSeconds: 45 };

	// Another connection to the same file, as another request or process would have; no waiting.
	second = createDb(app.context.config.databasePath);
	second.sqlite.pragma('busy_timeout = 0');
	const elsewhere = createPlayService({ repo: createPlaysRepository(second.db), clock: app.clock });
	// Its first report of the day makes its salt; from now on its only write is the play itself.
	expect(elsewhere.recordPlay({ trackId: 'warm-up', heardSeconds: 45 }, listener).counted).toBe(false);

	const repo = createPlaysRepository(app.context.dbHandle.db);
	let meanwhile: unknown = 'not attempted';
	const here = createPlayService({
		repo: {
			...repo,
			playedSince(...args) {
				const played = repo.playedSince(...args);
				try {
					meanwhile = elsewhere.recordPlay(body, listener);
				} catch (error) {
					meanwhile = error;
				}
				return played;
			}
		},
		clock: app.clock
	});

	expect(here.recordPlay(body, listener)).toEqual({ counted: true });
	// The other connection could not even begin: this one held the write lock since before its check.
	expect(meanwhile).toMatchObject({ code: 'SQLITE_BUSY' });
	expect(elsewhere.recordPlay(body, listener)).toEqual({ counted: false });
	expect(app.context.plays.playCountOf(song.id)).toBe(1);
});

function startRacer(args: string[]) {
	const child = spawn(
		process.execPath,
		['--import', 'tsx', path.join(import.meta.dirname, 'play-racer.ts'), ...args],
		{ cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
	);
	children.push(child);
	let stdout = '';
	let stderr = '';
	child.stdout!.on('data', (chunk) => (stdout += chunk));
	child.stderr!.on('data', (chunk) => (stderr += chunk));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	return {
		async line(n: number): Promise<string> {
			for (;;) {
				const lines = stdout.split('\n');
				if (lines.length > n) return lines[n - 1];
				if (child.exitCode !== null) throw new Error(`racer exited (${child.exitCode}): ${stderr}`);
				await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20))]);
			}
		}
	};
}

it('two processes reporting the same plays at once count each exactly once', async () => {
	const { release } = await artistWithRelease(app);
	const songs = Array.from({ length: 10 }, () => track(app, release));
	const { user } = await person(app);
	const startFile = path.join(app.dataDir, 'go');
	const args = [
		app.context.config.databasePath,
		startFile,
		String(app.clock.now()),
		user.id,
		songs.map((song) => song.id).join(',')
	];
	const racers = [startRacer(args), startRacer(args)];
	for (const racer of racers) expect(await racer.line(1)).toBe('ready');
	fs.writeFileSync(startFile, '');

	const counted = (await Promise.all(racers.map(async (racer) => JSON.parse(await racer.line(2))))).flat();
	expect(counted.sort()).toEqual(songs.map((song) => song.id).sort());
	for (const song of songs) expect(app.context.plays.playCountOf(song.id)).toBe(1);
});
