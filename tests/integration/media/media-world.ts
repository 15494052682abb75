import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SESSION_COOKIE } from '../../../src/lib/shared/realtime-events';
import { createMediaHandler } from '../../../src/server/media-http';
import { ffmpegSync, generateTrack } from '../../helpers/audio';
import { createTestApp, newPerson, tempDir, type TestApp } from '../../helpers/app-context';
import { until } from '../../helpers/processes';
import { OUTCOME_TIMEOUT_MS, settled, startLoop } from '../ingest/fixtures';

export interface Person {
	userId: string;
	email: string;
	cookie: string;
}

export interface ProcessedRelease {
	releaseId: string;
	trackId: string;
	/** The track's published HLS directory. */
	mediaKey: string;
	/** The release's cover directory. */
	coverKey: string;
}

/**
 * A real Shoal context with real processed media, and the real media handler on an HTTP server:
 * a published release (a FLAC track with an embedded picture, so it has a lossless rung and its own
 * artwork) and a draft release (a WAV track), each with an uploaded cover, all made by the media worker.
 */
export interface MediaWorld {
	app: TestApp;
	url: string;
	owner: Person;
	stranger: Person;
	admin: Person;
	published: ProcessedRelease & { trackArtworkKey: string };
	draft: ProcessedRelease;
	/** Absolute path of a published directory's file. */
	fileOf(key: string, file: string): string;
	dispose(): Promise<void>;
}

async function person(app: TestApp, name: string): Promise<Person> {
	const details = newPerson({ displayName: name });
	const { user, token } = await app.context.accounts.signUp(details);
	return { userId: user.id, email: details.email, cookie: `${SESSION_COOKIE}=${token}` };
}

export async function createMediaWorld(): Promise<MediaWorld> {
	const sources = tempDir('shoal-media-src-');
	const app = createTestApp();
	const { context } = app;
	const owner = await person(app, 'Owner');
	const stranger = await person(app, 'Stranger');
	const admin = await person(app, 'Admin');
	context.repositories.users.setAdmin(admin.email, true);

	const actor = { userId: owner.userId, isAdmin: false };
	context.artists.createProfile(actor, { handle: 'tidepool', name: 'Tide Pool', bio: '', links: [] });
	const release = (title: string) =>
		context.catalog.createRelease(actor, { title, type: 'single', releaseDate: '', licence: 'cc-by' }).id;
	const publishedId = release('Low Water');
	const draftId = release('Unfinished');

	const pictured = generateTrack({
		dir: sources,
		name: 'pictured',
		seconds: 14,
		format: 'flac',
		withPicture: true
	});
	const plain = generateTrack({ dir: sources, name: 'plain', seconds: 8, format: 'wav' });
	const cover = path.join(sources, 'cover.png');
	ffmpegSync(['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=700x700:d=1', '-frames:v', '1', '-y', cover]);

	const staged = (file: string) => {
		fs.mkdirSync(context.config.uploadsDir, { recursive: true });
		const target = path.join(context.config.uploadsDir, `${path.basename(file)}-${Math.random()}`);
		fs.copyFileSync(file, target);
		return target;
	};
	const register = (releaseId: string, file: string) =>
		context.catalog.registerUpload(actor, {
			releaseId,
			filePath: staged(file),
			originalName: path.basename(file)
		});
	const publishedTrack = await register(publishedId, pictured.path);
	const draftTrack = await register(draftId, plain.path);
	await context.catalog.setCover(actor, publishedId, staged(cover));
	await context.catalog.setCover(actor, draftId, staged(cover));

	const loop = await startLoop(app);
	const [readyPublished, readyDraft] = await Promise.all([
		settled(app, publishedTrack.id),
		settled(app, draftTrack.id)
	]);
	const coverKeyOf = (releaseId: string) =>
		until(
			() => context.repositories.releases.findById(releaseId)?.coverKey ?? undefined,
			'the cover to be published',
			OUTCOME_TIMEOUT_MS
		);
	const [publishedCover, draftCover] = await Promise.all([coverKeyOf(publishedId), coverKeyOf(draftId)]);
	await loop.stop();
	for (const row of [readyPublished, readyDraft]) {
		if (row.status !== 'ready' || !row.mediaKey) throw new Error(`track not processed: ${row.error}`);
	}
	if (!readyPublished.artworkKey) throw new Error('the pictured track has no artwork');
	context.repositories.releases.update(publishedId, {
		status: 'published',
		publishAt: app.clock.now(),
		updatedAt: app.clock.now()
	});

	const media = createMediaHandler(context);
	const server = http.createServer((req, res) => media(req, res));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	return {
		app,
		url,
		owner,
		stranger,
		admin,
		published: {
			releaseId: publishedId,
			trackId: readyPublished.id,
			mediaKey: readyPublished.mediaKey!,
			coverKey: publishedCover,
			trackArtworkKey: readyPublished.artworkKey
		},
		draft: {
			releaseId: draftId,
			trackId: readyDraft.id,
			mediaKey: readyDraft.mediaKey!,
			coverKey: draftCover
		},
		fileOf: (key, file) => path.join(context.store.pathOf(key), file),
		async dispose() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			app.cleanup();
			fs.rmSync(sources, { recursive: true, force: true });
		}
	};
}

export interface RawResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
}

/** One request with the path sent exactly as given (fetch would normalise `..` and friends away). */
export function rawRequest(
	base: string,
	rawPath: string,
	options: { method?: string; headers?: Record<string, string> } = {}
): Promise<RawResponse> {
	const { hostname, port } = new URL(base);
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				host: hostname,
				port,
				method: options.method ?? 'GET',
				path: rawPath,
				headers: options.headers,
				agent: false
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () =>
					resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
				);
				res.on('error', reject);
			}
		);
		req.on('error', reject);
		req.end();
	});
}
