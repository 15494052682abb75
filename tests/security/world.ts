import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Actor } from '../../src/lib/server/auth/policy';
import { installAppContext, uninstallAppContext } from '../../src/lib/server/context';
import { SESSION_COOKIE } from '../../src/lib/shared/realtime-events';
import type { TrackStatus } from '../../src/lib/shared/catalog';
import { createMediaHandler } from '../../src/server/media-http';
import { createUploadServer } from '../../src/lib/server/uploads/upload-server';
import { isBuildCurrent } from '../../src/server/build';
import { createTestApp, newPerson, PROJECT_ROOT, type TestApp } from '../helpers/app-context';
import { trackRow } from '../helpers/catalog-rows';

/**
 * A whole Shoal behind one real HTTP server, as production routes it: /media to the media handler,
 * /uploads to the upload server, everything else to the BUILT SvelteKit handler (form actions and
 * pages), all on one test context with a clock the test moves. Five people, and for each release
 * state one release of the owner's with a processing, a ready and a failed track, with real files in
 * the media store.
 */

export const ORIGIN = 'http://localhost:3999';
export const ROLES = ['anonymous', 'listener', 'other artist', 'owner', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const RELEASE_STATES = ['draft', 'scheduled, not yet due', 'scheduled, due', 'published'] as const;
export type ReleaseState = (typeof RELEASE_STATES)[number];
export const TRACK_STATES = ['processing', 'ready', 'failed'] as const satisfies readonly TrackStatus[];

export interface Person {
	actor: Actor | null;
	cookie: string | null;
}

export interface OwnedRelease {
	releaseId: string;
	tracks: Record<TrackStatus, string>;
	mediaKey: string;
	coverKey: string;
}

export interface World {
	app: TestApp;
	url: string;
	people: Record<Role, Person>;
	releases: Record<ReleaseState, OwnedRelease>;
	/** The other artist's own draft release (for attacks through one's own release). */
	otherRelease: string;
	/** Everything a refused action must leave alone: rows of every content table and every stored file. */
	snapshot(): string;
	dispose(): Promise<void>;
}

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;
const CONTENT_TABLES = ['users', 'artists', 'releases', 'tracks', 'jobs', 'plays', 'listening_history'];
const DAY = 86_400_000;

async function builtHandler(): Promise<NodeHandler> {
	if (!isBuildCurrent()) {
		throw new Error('The security tier drives the built app: run `npx tsx src/server/build.ts` first.');
	}
	// adapter-node reads ORIGIN when its handler loads: form actions check the Origin header against it.
	process.env.ORIGIN = ORIGIN;
	const file = pathToFileURL(path.join(PROJECT_ROOT, 'build/handler.js')).href;
	// build/ is external to vitest (vite.config.ts): Node imports it as production does.
	return ((await import(/* @vite-ignore */ file)) as { handler: NodeHandler }).handler;
}

function filesUnder(dir: string): string[] {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => {
			const file = path.join(entry.parentPath, entry.name);
			const stat = fs.statSync(file);
			return `${path.relative(dir, file)} ${stat.size} ${stat.mtimeMs}`;
		})
		.sort();
}

function write(file: string, content: string | Buffer) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, content);
}

const MASTER = '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=64000,CODECS="mp4a.40.2"\naac_64k/index.m3u8\n';
const VARIANT =
	'#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-MAP:URI="init_0.mp4"\n#EXTINF:6.0,\nsegment_00000.m4s\n#EXT-X-ENDLIST\n';

export async function createWorld(): Promise<World> {
	const app = createTestApp({ ORIGIN });
	const { context } = app;
	// Before the handler loads: its hooks open the installed context at import.
	installAppContext(context);
	const handler = await builtHandler();
	const { store, repositories } = context;

	async function person(role: Role, artist: boolean): Promise<Person> {
		const details = newPerson({ displayName: role });
		const { user, token } = await context.accounts.signUp(details);
		const actor = { userId: user.id, isAdmin: role === 'admin' };
		if (role === 'admin') repositories.users.setAdmin(details.email, true);
		const handle = `${role.replace(/\W/g, '')}${user.id
			.slice(0, 6)
			.toLowerCase()
			.replace(/[^a-z0-9]/g, '')}`;
		if (artist) context.artists.createProfile(actor, { handle, name: role, bio: '', links: [] });
		return { actor, cookie: `${SESSION_COOKIE}=${token}` };
	}
	const people: Record<Role, Person> = {
		anonymous: { actor: null, cookie: null },
		listener: await person('listener', false),
		'other artist': await person('other artist', true),
		owner: await person('owner', true),
		admin: await person('admin', false)
	};
	const createRelease = (actor: Actor, title: string) =>
		context.catalog.createRelease(actor, { title, type: 'ep', releaseDate: '', licence: 'cc-by' });

	const now = app.clock.now();
	const publications: Record<
		ReleaseState,
		{ status: 'draft' | 'scheduled' | 'published'; publishAt: number | null }
	> = {
		draft: { status: 'draft', publishAt: null },
		'scheduled, not yet due': { status: 'scheduled', publishAt: now + 7 * DAY },
		'scheduled, due': { status: 'scheduled', publishAt: now - 1000 },
		published: { status: 'published', publishAt: now - DAY }
	};
	const releases = {} as Record<ReleaseState, OwnedRelease>;
	for (const state of RELEASE_STATES) {
		const release = createRelease(people.owner.actor!, `Owner’s ${state}`);
		const tracks = {} as Record<TrackStatus, string>;
		TRACK_STATES.forEach((status, i) => {
			const row = trackRow(release, status, { position: i + 1, title: `${state} ${status}`, createdAt: now });
			repositories.tracks.insert(row);
			write(store.pathOf(row.sourceKey), `original bytes of ${row.id}`);
			if (row.mediaKey) {
				write(path.join(store.pathOf(row.mediaKey), 'master.m3u8'), MASTER);
				write(path.join(store.pathOf(row.mediaKey), 'aac_64k/index.m3u8'), VARIANT);
				write(path.join(store.pathOf(row.mediaKey), 'aac_64k/init_0.mp4'), 'init');
				write(path.join(store.pathOf(row.mediaKey), 'aac_64k/segment_00000.m4s'), 'segment');
			}
			tracks[status] = row.id;
		});
		const coverKey = store.artworkKey(release.id, '1-1');
		write(path.join(store.pathOf(coverKey), 'cover_300.webp'), 'cover');
		write(store.pathOf(store.coverSourceKey(release.id)), 'cover source');
		repositories.releases.update(release.id, {
			...publications[state],
			coverKey,
			coverSourceKey: store.coverSourceKey(release.id)
		});
		releases[state] = {
			releaseId: release.id,
			tracks,
			mediaKey: `tracks/${tracks.ready}/v1-1`,
			coverKey
		};
	}
	const otherRelease = createRelease(people['other artist'].actor!, 'Someone else’s').id;

	const media = createMediaHandler(context);
	const uploads = createUploadServer(context);
	const server = http.createServer((req, res) => {
		if (req.url?.startsWith('/media/')) return media(req, res);
		if (req.url?.startsWith('/uploads/')) return uploads(req, res);
		handler(req, res, () => {
			res.statusCode = 404;
			res.end('Not found');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

	return {
		app,
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		people,
		releases,
		otherRelease,
		snapshot() {
			const { sqlite } = context.dbHandle;
			const rows = CONTENT_TABLES.map((table) =>
				sqlite.prepare(`select * from ${table} order by rowid`).all()
			);
			return JSON.stringify({
				rows,
				media: filesUnder(context.config.mediaDir),
				uploads: filesUnder(context.config.uploadsDir)
			});
		},
		async dispose() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			await uploads.stop();
			uninstallAppContext();
			app.cleanup();
		}
	};
}

/** Headers of a request from Shoal's own pages, as this person. */
export function headersOf(person: Person, extra: Record<string, string> = {}): Record<string, string> {
	return { Origin: ORIGIN, ...(person.cookie ? { Cookie: person.cookie } : {}), ...extra };
}
