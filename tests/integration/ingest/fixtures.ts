import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { startIngestWorker } from '../../../media-worker/ingest/ingest-worker';
import type { WorkerLoop } from '../../../media-worker/ingest/worker-loop';
import type { Actor } from '../../../src/lib/server/artists/artist-service';
import type { TrackRow } from '../../../src/lib/server/catalog/track-repository';
import { jobs } from '../../../src/lib/server/db/schema';
import { createLogger } from '../../../src/lib/server/logger';
import { createTestApp, newPerson, type TestApp } from '../../helpers/app-context';
import { until } from '../../helpers/processes';

/** Generous: real ffmpeg on a shared 2-core machine. Outcomes are awaited, never timed. */
export const OUTCOME_TIMEOUT_MS = 120_000;
/** For vitest: a test may wait on a few outcomes in a row. */
export const TEST_TIMEOUT_MS = 4 * OUTCOME_TIMEOUT_MS;

export interface IngestApp extends TestApp {
	actor: Actor;
	releaseId: string;
}

/** A real context (SQLite file, media store) with an artist and an empty release. */
export async function createIngestApp(env: Record<string, string> = {}): Promise<IngestApp> {
	const app = createTestApp(env);
	const { user } = await app.context.accounts.signUp(newPerson());
	const actor = { userId: user.id, isAdmin: false };
	app.context.artists.createProfile(actor, { handle: 'tidepool', name: 'Tide Pool', bio: '', links: [] });
	const release = app.context.catalog.createRelease(actor, {
		title: 'Low Water',
		type: 'album',
		releaseDate: '2026-11-01',
		description: '',
		tags: '',
		licence: 'cc-by'
	});
	return { ...app, actor, releaseId: release.id };
}

/**
 * Registers a copy of `source` the way the upload endpoint does (registerUpload moves the file it is
 * given). `stagingDir` must be on the media store's filesystem; the uploads dir is by default.
 */
export async function upload(
	app: IngestApp,
	source: string,
	originalName = path.basename(source),
	stagingDir = app.context.config.uploadsDir
): Promise<TrackRow> {
	fs.mkdirSync(stagingDir, { recursive: true });
	const staged = path.join(stagingDir, `${Date.now()}-${Math.random().toString(36).slice(2)}`);
	fs.copyFileSync(source, staged);
	return app.context.catalog.registerUpload(app.actor, {
		releaseId: app.releaseId,
		filePath: staged,
		originalName
	});
}

/** The worker's loop, in this process, on the test's context (its queue, store and fake clock). */
export function startLoop(app: TestApp, config: { maxTrackSeconds?: number } = {}): Promise<WorkerLoop> {
	const { context } = app;
	return startIngestWorker({
		config: { ...context.config, ...config },
		db: context.dbHandle.db,
		logger: createLogger({ logLevel: 'silent', logFormat: 'json' }),
		workerId: 'test-worker',
		clock: context.clock,
		jobs: context.jobs,
		store: context.store,
		pollMs: 50
	});
}

export function track(app: TestApp, id: string): TrackRow {
	const row = app.context.repositories.tracks.findById(id);
	if (!row) throw new Error(`track ${id} is gone`);
	return row;
}

/** Waits until the track is ready or failed (or `predicate` holds), and returns it. */
export function settled(
	app: TestApp,
	id: string,
	predicate: (row: TrackRow) => boolean = (row) => row.status !== 'processing'
): Promise<TrackRow> {
	return until(
		() => {
			const row = track(app, id);
			return predicate(row) ? row : undefined;
		},
		`track ${id} to settle`,
		OUTCOME_TIMEOUT_MS
	);
}

export function jobsOfType(app: TestApp, type: string) {
	return app.context.dbHandle.db.select().from(jobs).where(eq(jobs.type, type)).all();
}

/** Every file below `dir`, as paths relative to it. */
export function listFiles(dir: string): string[] {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
		.sort();
}

/** The `.tmp` work directories the media store holds right now. */
export function tempEntries(app: TestApp): string[] {
	const dir = path.join(app.context.config.mediaDir, '.tmp');
	return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

/** The published versions of a track's HLS output (directories under media/tracks/<id>). */
export function versionsOf(app: TestApp, trackId: string): string[] {
	const dir = path.join(app.context.config.mediaDir, 'tracks', trackId);
	return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

/**
 * What is left in the store's temp dir once the worker has cleaned up. It removes its work directory
 * just after the commit a test waits for, so a check made at that instant can still see it.
 */
export async function tempLeftOver(app: TestApp): Promise<string[]> {
	const deadline = Date.now() + OUTCOME_TIMEOUT_MS;
	while (tempEntries(app).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
	return tempEntries(app);
}
