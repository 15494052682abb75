import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../src/lib/server/errors';
import { tempDir } from '../helpers/app-context';
import {
	createWorld,
	headersOf,
	RELEASE_STATES,
	TRACK_STATES,
	type Person,
	type ReleaseState,
	type Role,
	type World
} from './world';

/**
 * Who may change what, through real HTTP against the built app: every studio action × every release
 * state (× every track state) × everyone who is not the owner or an admin. Each row really sends the
 * action and checks both the refusal (the same answer as for something that does not exist) and that
 * nothing changed in the database, the media store or the uploads directory. Then the owner and an
 * admin send the same requests, to show the rows above are refused for who sent them, not for how.
 */

let world: World;
beforeAll(async () => {
	world = await createWorld();
});
afterAll(() => world?.dispose());

// A real 800 × 800 PNG: big enough for the cover checks, so only authorisation decides.
const PNG = spawnSync(
	'ffmpeg',
	[
		'-v',
		'error',
		'-f',
		'lavfi',
		'-i',
		'color=c=teal:s=800x800',
		'-frames:v',
		'1',
		'-c:v',
		'png',
		'-f',
		'image2pipe',
		'-'
	],
	{ maxBuffer: 16 * 1024 * 1024 }
).stdout;

interface Answer {
	status: number;
	type?: string;
	location?: string;
	text: string;
}

/** A studio form action, sent the way the enhanced form sends it. */
async function formAction(
	person: Person,
	releaseId: string,
	action: string,
	fields: Record<string, string> | FormData
): Promise<Answer> {
	const res = await fetch(`${world.url}/studio/releases/${releaseId}?/${action}`, {
		method: 'POST',
		body: fields instanceof FormData ? fields : new URLSearchParams(fields),
		headers: headersOf(person, { accept: 'application/json', 'x-sveltekit-action': 'true' }),
		redirect: 'manual'
	});
	const text = await res.text();
	const body = JSON.parse(text) as { type: string; status: number; location?: string };
	return { status: body.status ?? res.status, type: body.type, location: body.location, text };
}

/** A tus creation request: the first step of every upload. */
async function createUpload(person: Person, metadata: Record<string, string>): Promise<Answer> {
	const encoded = Object.entries({ filename: 'take.wav', ...metadata })
		.map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
		.join(',');
	const res = await fetch(`${world.url}/uploads/files`, {
		method: 'POST',
		headers: headersOf(person, {
			'Tus-Resumable': '1.0.0',
			'Upload-Length': '1000',
			'Upload-Metadata': encoded
		})
	});
	return { status: res.status, text: await res.text() };
}

function coverForm(): FormData {
	const form = new FormData();
	form.set('cover', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'cover.png');
	return form;
}

interface Target {
	state: ReleaseState;
	releaseId: string;
	trackId: string;
}
type Attempt = (person: Person, target: Target) => Promise<Answer>;

const RELEASE_ACTIONS: Record<string, Attempt> = {
	'edit release': (p, t) =>
		formAction(p, t.releaseId, 'details', { title: 'Taken over', type: 'ep', licence: 'cc0' }),
	publish: (p, t) => formAction(p, t.releaseId, 'publish', { when: 'now' }),
	unpublish: (p, t) => formAction(p, t.releaseId, 'unpublish', {}),
	'set cover': (p, t) => formAction(p, t.releaseId, 'cover', coverForm()),
	'upload into the release': (p, t) => createUpload(p, { releaseId: t.releaseId })
};

const TRACK_ACTIONS: Record<string, Attempt> = {
	'edit track': (p, t) =>
		formAction(p, t.releaseId, 'editTrack', { trackId: t.trackId, title: 'Taken over', position: '3' }),
	'move track': (p, t) => formAction(p, t.releaseId, 'moveTrack', { trackId: t.trackId, direction: 'down' }),
	'delete track': (p, t) => formAction(p, t.releaseId, 'deleteTrack', { trackId: t.trackId }),
	'retry track': (p, t) => formAction(p, t.releaseId, 'retryTrack', { trackId: t.trackId }),
	'replace the track through an upload': (p, t) =>
		createUpload(p, { releaseId: t.releaseId, replaceTrackId: t.trackId })
};

/** The refusal each outsider gets: sign in first, or "does not exist" (never "forbidden", which would tell). */
function expectRefused(role: Role, answer: Answer, isUpload: boolean) {
	if (role === 'anonymous') {
		if (isUpload) expect(answer).toMatchObject({ status: 401, text: 'Sign in to upload.' });
		else {
			expect(answer.type).toBe('redirect');
			expect(answer.location).toMatch(/^\/signin\?next=/);
		}
		return;
	}
	expect(answer.status).toBe(404);
	expect(answer.text).toMatch(/This (release|track) does not exist\./);
}

const OUTSIDERS: Role[] = ['anonymous', 'listener', 'other artist'];

const releaseRows = OUTSIDERS.flatMap((role) =>
	RELEASE_STATES.flatMap((state) => Object.keys(RELEASE_ACTIONS).map((action) => ({ role, state, action })))
);
const trackRows = OUTSIDERS.flatMap((role) =>
	RELEASE_STATES.flatMap((state) =>
		TRACK_STATES.flatMap((track) =>
			Object.keys(TRACK_ACTIONS).map((action) => ({ role, state, track, action }))
		)
	)
);

describe('outsiders are refused every studio action, and nothing changes', () => {
	it.each(releaseRows)('$role · $action · $state release', async ({ role, state, action }) => {
		const release = world.releases[state];
		const before = world.snapshot();
		const answer = await RELEASE_ACTIONS[action](world.people[role], {
			state,
			releaseId: release.releaseId,
			trackId: release.tracks.ready
		});
		expectRefused(role, answer, action.startsWith('upload'));
		expect(world.snapshot()).toBe(before);
	});

	it.each(trackRows)(
		'$role · $action · $track track on a $state release',
		async ({ role, state, track, action }) => {
			const release = world.releases[state];
			const before = world.snapshot();
			const answer = await TRACK_ACTIONS[action](world.people[role], {
				state,
				releaseId: release.releaseId,
				trackId: release.tracks[track]
			});
			expectRefused(role, answer, action.startsWith('replace'));
			expect(world.snapshot()).toBe(before);
		}
	);

	it.each(RELEASE_STATES.flatMap((state) => Object.keys(TRACK_ACTIONS).map((action) => ({ state, action }))))(
		'other artist · $action · through their own release page · $state',
		async ({ state, action }) => {
			const before = world.snapshot();
			const answer = await TRACK_ACTIONS[action](world.people['other artist'], {
				state,
				releaseId: world.otherRelease,
				trackId: world.releases[state].tracks.failed
			});
			expectRefused('other artist', answer, action.startsWith('replace'));
			expect(world.snapshot()).toBe(before);
		}
	);

	it('other artist · a finished upload into their own release cannot replace the owner’s track', async () => {
		const dir = tempDir('shoal-replace-');
		const file = path.join(dir, 'take.wav');
		fs.writeFileSync(file, 'not even audio');
		const before = world.snapshot();
		const attempt = world.app.context.catalog.registerUpload(world.people['other artist'].actor!, {
			releaseId: world.otherRelease,
			filePath: file,
			originalName: 'take.wav',
			replaceTrackId: world.releases.published.tracks.ready
		});
		await expect(attempt).rejects.toEqual(new ServiceError('not_found', 'This track does not exist.'));
		expect(world.snapshot()).toBe(before);
		fs.rmSync(dir, { recursive: true, force: true });
	});
});

describe('the owner and an admin pass the same checks', () => {
	// Each starts from the untouched world: these requests change things.
	beforeEach(async () => {
		await world.dispose();
		world = await createWorld();
	});

	it.each(['owner', 'admin'] as const)('%s: every action gets past authorisation', async (role) => {
		const person = world.people[role];
		for (const state of RELEASE_STATES) {
			const { releaseId, tracks } = world.releases[state];
			const on = (trackId: string) => ({ state, releaseId, trackId });
			const title = `${role}’s edit`;
			expect(await RELEASE_ACTIONS['edit release'](person, on(tracks.ready))).toMatchObject({
				type: 'success'
			});
			expect(world.app.context.repositories.releases.findById(releaseId)?.licence).toBe('cc0');
			expect((await RELEASE_ACTIONS['set cover'](person, on(tracks.ready))).type).toBe('success');
			expect((await RELEASE_ACTIONS['upload into the release'](person, on(tracks.ready))).status).toBe(201);
			const replace = TRACK_ACTIONS['replace the track through an upload'];
			expect((await replace(person, on(tracks.failed))).status).toBe(201);
			expect(
				await formAction(person, releaseId, 'editTrack', { trackId: tracks.ready, title, position: '1' })
			).toMatchObject({ type: 'success' });
			expect(world.app.context.repositories.tracks.findById(tracks.ready)?.title).toBe(title);
			expect((await TRACK_ACTIONS['move track'](person, on(tracks.ready))).type).toBe('success');
			// Past authorisation, the state decides: a track that has not failed cannot be retried.
			expect(await TRACK_ACTIONS['retry track'](person, on(tracks.ready))).toMatchObject({ status: 409 });
			// Publishing waits for every track: refused for that reason, not for who asks.
			expect(await RELEASE_ACTIONS.publish(person, on(tracks.ready))).toMatchObject({ status: 409 });
			expect((await RELEASE_ACTIONS.unpublish(person, on(tracks.ready))).type).toBe('success');
			expect(world.app.context.repositories.releases.findById(releaseId)?.status).toBe('draft');
			expect((await TRACK_ACTIONS['retry track'](person, on(tracks.failed))).type).toBe('success');
			expect((await TRACK_ACTIONS['delete track'](person, on(tracks.processing))).type).toBe('success');
			expect(world.app.context.repositories.tracks.findById(tracks.processing)).toBeUndefined();
		}
	});
});
