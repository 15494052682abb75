import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newArtist, send, SERVER_START_MS, startShoal, type ShoalServer } from './server';

/** "New release" sent several times at once (a double click, a resubmit) makes one draft. */
let server: ShoalServer;
let artist: Awaited<ReturnType<typeof newArtist>>;
beforeAll(async () => {
	server = await startShoal();
	artist = await newArtist(server);
}, SERVER_START_MS);
afterAll(() => server?.stop());

/** Loads the form as a browser does and reads its one-time token from the page. */
async function loadForm(): Promise<string> {
	const page = await send(server, '/studio/releases/new', { headers: { cookie: artist.cookie } });
	expect(page.status).toBe(200);
	const match = /name="creationKey" value="([^"]+)"/.exec(await page.text());
	expect(match).not.toBeNull();
	return match![1]!;
}

function submit(creationKey: string, title: string) {
	return send(server, '/studio/releases/new', {
		method: 'POST',
		headers: {
			origin: server.origin,
			cookie: artist.cookie,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({
			title,
			type: 'single',
			releaseDate: '',
			description: '',
			tags: '',
			licence: 'all-rights-reserved',
			creationKey
		})
	});
}

const releasesTitled = (title: string) =>
	server.context.dbHandle.sqlite
		.prepare('select id from releases where artist_id = ? and title = ?')
		.all(artist.artist.id, title) as Array<{ id: string }>;

describe('new release: one form, one draft', () => {
	it('three concurrent submits of the same form make one draft, and all three land on it', async () => {
		const key = await loadForm();
		const responses = await Promise.all([1, 2, 3].map(() => submit(key, 'Quick Fingers')));
		expect(responses.map((r) => r.status)).toEqual([303, 303, 303]);
		const made = releasesTitled('Quick Fingers');
		expect(made).toHaveLength(1);
		for (const response of responses) {
			expect(response.headers.get('location')).toBe(`/studio/releases/${made[0]!.id}?created=1`);
		}
	});

	it('a later resubmit of that form (back button) still finds the same draft', async () => {
		const key = await loadForm();
		const first = await submit(key, 'Back Again');
		const again = await submit(key, 'Back Again');
		expect(again.headers.get('location')).toBe(first.headers.get('location'));
		expect(releasesTitled('Back Again')).toHaveLength(1);
	});

	it('loading the form again makes a new token: a second release on purpose is a second release', async () => {
		const [a, b] = [await loadForm(), await loadForm()];
		expect(a).not.toBe(b);
		await submit(a, 'Twin Tides');
		await submit(b, 'Twin Tides');
		expect(releasesTitled('Twin Tides')).toHaveLength(2);
	});

	it('one artist’s token is not another’s', async () => {
		const key = await loadForm();
		await submit(key, 'Mine Alone');
		const other = await newArtist(server);
		const stolen = server.context.catalog.createRelease(other.actor, {
			title: 'Theirs',
			type: 'ep',
			releaseDate: '',
			licence: 'all-rights-reserved',
			creationKey: key
		});
		expect(stolen.artistId).toBe(other.artist.id);
		expect(stolen.title).toBe('Theirs');
	});
});
