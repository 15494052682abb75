import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createWorld,
	headersOf,
	RELEASE_STATES,
	ROLES,
	type ReleaseState,
	type Role,
	type World
} from './world';

/**
 * Who may see what, through real HTTP against the built app: pages, the studio, the player's
 * playable view, signed playlists and covers, for everyone × every release state × every track state.
 * Expected answers are written out here, not computed by the policy under test.
 */

let world: World;
beforeAll(async () => {
	world = await createWorld();
});
afterAll(() => world?.dispose());

const PUBLIC_STATES: ReleaseState[] = ['scheduled, due', 'published'];
const MANAGERS: Role[] = ['owner', 'admin'];
const maySee = (role: Role, state: ReleaseState) => PUBLIC_STATES.includes(state) || MANAGERS.includes(role);

function get(role: Role, path: string) {
	return fetch(`${world.url}${path}`, { headers: headersOf(world.people[role]), redirect: 'manual' });
}

const rows = ROLES.flatMap((role) =>
	RELEASE_STATES.map((state) => ({ role, state, allowed: maySee(role, state) }))
);

describe('pages', () => {
	it.each(rows)(
		'$role · $state release → page and ready track page visible: $allowed',
		async ({ role, state, allowed }) => {
			const { releaseId, tracks } = world.releases[state];
			expect((await get(role, `/releases/${releaseId}`)).status).toBe(allowed ? 200 : 404);
			expect((await get(role, `/tracks/${tracks.ready}`)).status).toBe(allowed ? 200 : 404);
			// Unfinished tracks have no page, for anyone.
			expect((await get(role, `/tracks/${tracks.processing}`)).status).toBe(404);
			expect((await get(role, `/tracks/${tracks.failed}`)).status).toBe(404);
		}
	);

	it.each(rows)('$role · the studio page of a $state release', async ({ role, state }) => {
		const res = await get(role, `/studio/releases/${world.releases[state].releaseId}`);
		if (role === 'anonymous') {
			expect(res.status).toBe(303);
			expect(res.headers.get('location')).toMatch(/^\/signin\?next=/);
		} else expect(res.status).toBe(MANAGERS.includes(role) ? 200 : 404);
	});

	it.each(rows)(
		'$role · the cover of a $state release, visible: $allowed',
		async ({ role, state, allowed }) => {
			const res = await get(role, `/media/${world.releases[state].coverKey}/cover_300.webp`);
			expect(res.status).toBe(allowed ? 200 : 404);
		}
	);
});

describe('playing: the playable view and signed playlists', () => {
	it.each(rows)(
		'$role · ready track on a $state release, playable: $allowed',
		async ({ role, state, allowed }) => {
			const { tracks, mediaKey } = world.releases[state];
			for (const track of [tracks.processing, tracks.failed]) {
				expect((await get(role, `/api/tracks/${track}/playable`)).status).toBe(404);
			}
			const playable = await get(role, `/api/tracks/${tracks.ready}/playable`);
			expect(playable.status).toBe(allowed ? 200 : 404);
			const unsigned = await get(role, `/media/${mediaKey}/master.m3u8`);
			if (PUBLIC_STATES.includes(state)) {
				// Public: a plain URL, served to anyone.
				expect(((await playable.json()) as { src: string }).src).toBe(`/media/${mediaKey}/master.m3u8`);
				expect(unsigned.status).toBe(200);
				return;
			}
			// Not public: without a signature, the same 404 as for a track that does not exist, owner included.
			expect(unsigned.status).toBe(404);
			if (!allowed) return;
			const { src } = (await playable.json()) as { src: string };
			expect(src).toMatch(new RegExp(`^/media/${mediaKey}/master\\.m3u8\\?exp=\\d+&sig=`));
			const mine = await get(role, src);
			expect(mine.status).toBe(200);
			const variant = (await mine.text()).split('\n').find((line) => line.startsWith('aac_64k/'))!;
			expect(variant).toContain('sig=');
			expect((await get(role, `/media/${mediaKey}/${variant}`)).status).toBe(200);
			// Signed for this person only: another person's session, or none, is refused.
			for (const other of ['listener', 'other artist', 'anonymous'] as const) {
				const res = await get(other, src);
				expect(res.status, other).toBe(403);
			}
		}
	);
});
