import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReleaseRow } from '../../src/lib/server/catalog/release-repository';
import type { TrackRow } from '../../src/lib/server/catalog/track-repository';
import { createDb, migrateDb } from '../../src/lib/server/db';
import { newId } from '../../src/lib/server/ids';
import { createTestApp, PROJECT_ROOT, tempDir, type TestApp } from '../helpers/app-context';
import { track as insertTrack } from './listen/fixtures';
import { FOLDED_PUNCTUATION, foldPunctuation } from '../../src/lib/server/search/search-query';

let app: TestApp;
beforeEach(() => {
	app = createTestApp();
});
afterEach(() => app.cleanup());

const HOUR = 3_600_000;

/** Catalogue rows written straight through the repositories (the triggers must see every write). */
function artist(fields: { name: string; handle: string; bio?: string }) {
	const now = app.clock.now();
	const userId = newId();
	app.context.repositories.users.insert({
		id: userId,
		email: `${userId}@example.org`,
		displayName: fields.name,
		passwordHash: 'x',
		isAdmin: false,
		createdAt: now,
		passwordChangedAt: now
	});
	const id = newId();
	app.context.repositories.artists.insert({
		id,
		userId,
		handle: fields.handle,
		name: fields.name,
		bio: fields.bio ?? '',
		links: [],
		createdAt: now,
		updatedAt: now
	});
	return id;
}

function release(artistId: string, fields: Partial<ReleaseRow> & { title: string }) {
	const now = app.clock.now();
	const row: ReleaseRow = {
		id: newId(),
		artistId,
		type: 'album',
		releaseDate: null,
		description: '',
		tags: [],
		licence: 'cc-by',
		status: 'published',
		publishAt: now,
		coverKey: null,
		coverSourceKey: null,
		coverJobId: null,
		coverError: null,
		coverErrorDetail: null,
		creationKey: null,
		createdAt: now,
		updatedAt: now,
		...fields
	};
	app.context.repositories.releases.insert(row);
	return row.id;
}

function track(releaseId: string, artistId: string, title: string, status: TrackRow['status'] = 'ready') {
	const ready = status === 'ready';
	return insertTrack(
		app,
		{ id: releaseId, artistId },
		{
			title,
			originalName: `${title}.flac`,
			status,
			progress: ready ? 1 : 0,
			...(ready ? {} : { mediaKey: null })
		}
	).id;
}

const search = (q: string) => app.context.search.search(q);
const artistNames = (q: string) => search(q).artists.map((a) => a.name);
const releaseTitles = (q: string) => search(q).releases.map((r) => r.title);
const trackTitles = (q: string) => search(q).tracks.map((t) => t.title);

describe('search', () => {
	it('ranks an exact artist name above a mention in another bio', () => {
		artist({
			name: 'Harbour Folk',
			handle: 'harbourfolk',
			bio: 'We sound a lot like Tidewater, people say.'
		});
		artist({ name: 'Tidewater', handle: 'tidewater', bio: 'Plucked patterns.' });
		artist({ name: 'Tidewater Revival Society', handle: 'trs' });
		expect(artistNames('Tidewater')).toEqual(['Tidewater', 'Tidewater Revival Society', 'Harbour Folk']);
		expect(search('tidewater').totals.artists).toBe(3);
	});

	it('ranks a release title above a description mention', () => {
		const a = artist({ name: 'Someone', handle: 'someone' });
		release(a, { title: 'Quiet Engines', description: 'Recorded near the lighthouse.' });
		release(a, { title: 'Lighthouse' });
		expect(releaseTitles('lighthouse')).toEqual(['Lighthouse', 'Quiet Engines']);
	});

	it('nudges what people played in the last 30 days up, within the same kind of match', () => {
		const a = artist({ name: 'Echo Chamber', handle: 'echochamber' });
		const r = release(a, { title: 'Rooms' });
		const first = track(r, a, 'Echo Alpha');
		const second = track(r, a, 'Echo Beta');
		track(r, a, 'Echo');
		expect(trackTitles('echo')).toEqual(['Echo', 'Echo Alpha', 'Echo Beta']);
		const play = app.context.dbHandle.sqlite.prepare(
			'INSERT INTO plays (id, track_id, artist_id, listener_key, played_at) VALUES (?, ?, ?, ?, ?)'
		);
		for (let i = 0; i < 20; i++) play.run(newId(), first, a, `old${i}`, app.clock.now() - 40 * 24 * HOUR);
		for (let i = 0; i < 20; i++) play.run(newId(), second, a, `new${i}`, app.clock.now() - HOUR);
		// The exact name stays first; among prefix matches the recently played one rises.
		expect(trackTitles('echo')).toEqual(['Echo', 'Echo Beta', 'Echo Alpha']);
	});

	it('matches prefixes as you type', () => {
		const a = artist({ name: 'Tidewater', handle: 'tidewater' });
		const r = release(a, { title: 'Harbour Lights' });
		track(r, a, 'Low Tide');
		expect(artistNames('tid')).toEqual(['Tidewater']);
		expect(artistNames('ti')).toEqual(['Tidewater']);
		expect(releaseTitles('harb lig')).toEqual(['Harbour Lights']);
		expect(trackTitles('low ti')).toEqual(['Low Tide']);
		expect(artistNames('tidewaters')).toEqual([]);
	});

	it('folds diacritics both ways', () => {
		const a = artist({ name: 'Björk', handle: 'bjork-fan' });
		release(a, { title: 'Café Nocturne' });
		artist({ name: 'Zoe', handle: 'zoe' });
		expect(artistNames('Bjork')).toEqual(['Björk']);
		expect(artistNames('björk')).toEqual(['Björk']);
		expect(releaseTitles('cafe')).toEqual(['Café Nocturne']);
		expect(artistNames('zoë')).toEqual(['Zoe']);
	});

	it('folds punctuation inside words away, in the index and in the query', () => {
		const a = artist({ name: 'B.B. Moss', handle: 'bbmoss' });
		release(a, { title: 'Journey’s End' });
		release(a, { title: "Harbour's Edge" });
		release(a, { title: 'Well‐Worn – Live' });
		artist({ name: 'محمـد', handle: 'arabic-name' });
		artist({ name: 'ジョン・レノン', handle: 'john-katakana' });
		expect(releaseTitles('journeys')).toEqual(['Journey’s End']);
		expect(releaseTitles("journey's end")).toEqual(['Journey’s End']);
		expect(releaseTitles('journeyʼs')).toEqual(['Journey’s End']);
		expect(releaseTitles('journey＇s')).toEqual(['Journey’s End']);
		expect(releaseTitles('harbours')).toEqual(["Harbour's Edge"]);
		expect(releaseTitles('wellworn')).toEqual(['Well‐Worn – Live']);
		expect(releaseTitles('well-worn')).toEqual(['Well‐Worn – Live']);
		expect(releaseTitles('well worn')).toEqual(['Well‐Worn – Live']);
		expect(artistNames('bb moss')).toEqual(['B.B. Moss']);
		expect(artistNames('B.B.')).toEqual(['B.B. Moss']);
		expect(artistNames('b.b moss')).toEqual(['B.B. Moss']);
		// The tatweel stretches a word; it is not a letter to type.
		expect(artistNames('محمد')).toEqual(['محمـد']);
		expect(artistNames('ジョンレノン')).toEqual(['ジョン・レノン']);
		expect(artistNames('レノン')).toEqual(['ジョン・レノン']);
		// The whole name, folded, is an exact match and comes first.
		release(a, { title: 'Journeys Ending Somewhere' });
		expect(releaseTitles('journeys end')[0]).toBe('Journey’s End');
	});

	it('removes in SQL exactly the punctuation the query folds', () => {
		const a = artist({ name: 'Anyone', handle: 'anyone' });
		const sample = Array.from(FOLDED_PUNCTUATION)
			.map((c) => `a${c}b`)
			.join(' ');
		const id = release(a, { title: sample });
		const row = app.context.dbHandle.sqlite
			.prepare("SELECT folded FROM search_documents WHERE kind = 'release' AND entity_id = ?")
			.get(id) as { folded: string };
		expect(row.folded.split(' ').slice(0, FOLDED_PUNCTUATION.length)).toEqual(
			foldPunctuation(sample).split(' ')
		);
		expect(
			foldPunctuation(sample)
				.split(' ')
				.every((word) => word === 'ab')
		).toBe(true);
	});

	it('finds Chinese and Japanese text by substring, including one and two characters', () => {
		const a = artist({ name: '月光楽団', handle: 'gekko' });
		const r = release(a, { title: '夏夜的月光', tags: ['城市流行'] });
		track(r, a, '海辺のカフェ');
		artist({ name: 'Sea Band', handle: 'seaband' });
		expect(releaseTitles('夜的月')).toEqual(['夏夜的月光']);
		expect(releaseTitles('的月光')).toEqual(['夏夜的月光']);
		expect(releaseTitles('月光')).toEqual(['夏夜的月光']);
		expect(trackTitles('海')).toEqual(['海辺のカフェ']);
		expect(trackTitles('カフェ')).toEqual(['海辺のカフェ']);
		expect(artistNames('楽団')).toEqual(['月光楽団']);
		expect(search('流行').tags).toEqual([{ tag: '城市流行', releaseCount: 1 }]);
		// The name that starts with the query comes first.
		expect(search('月光').artists.map((x) => x.name)).toEqual(['月光楽団']);
		expect(releaseTitles('星空')).toEqual([]);
	});

	it('never finds drafts, unpublished schedules or tracks that are not ready', () => {
		const a = artist({ name: 'Keeper', handle: 'keeper' });
		const draft = release(a, { title: 'Secret Draft', status: 'draft', publishAt: null, tags: ['hidden'] });
		track(draft, a, 'Secret Song');
		const scheduled = release(a, {
			title: 'Future Sound',
			status: 'scheduled',
			publishAt: app.clock.now() + 2 * HOUR,
			tags: ['soon']
		});
		track(scheduled, a, 'Future Track');
		const open = release(a, { title: 'Open Sea' });
		track(open, a, 'Processing Wave', 'processing');
		track(open, a, 'Failed Wave', 'failed');
		track(open, a, 'Ready Wave');

		expect(releaseTitles('secret')).toEqual([]);
		expect(trackTitles('secret')).toEqual([]);
		expect(search('hidden').tags).toEqual([]);
		expect(releaseTitles('future')).toEqual([]);
		expect(trackTitles('future')).toEqual([]);
		expect(search('soon').tags).toEqual([]);
		expect(trackTitles('wave')).toEqual(['Ready Wave']);
		expect(search('wave').totals.tracks).toBe(1);
		const nothing = { artists: 0, releases: 0, tracks: 0, tags: 0 };
		expect(search('secret').totals).toEqual(nothing);
		expect(search('future').totals).toEqual(nothing);
		expect(app.context.search.suggest('secret')).toEqual([]);

		app.clock.advance(2 * HOUR);
		expect(releaseTitles('future')).toEqual(['Future Sound']);
		expect(trackTitles('future')).toEqual(['Future Track']);
		expect(search('soon').tags).toEqual([{ tag: 'soon', releaseCount: 1 }]);
	});

	it('follows publishing, unpublishing and tracks becoming ready', () => {
		const a = artist({ name: 'Keeper', handle: 'keeper' });
		const r = release(a, { title: 'Slow Reveal', status: 'draft', publishAt: null, tags: ['reveal'] });
		const ready = track(r, a, 'Reveal One');
		const later = track(r, a, 'Reveal Two', 'processing');
		expect(releaseTitles('reveal')).toEqual([]);
		expect(trackTitles('reveal')).toEqual([]);

		const releases = app.context.repositories.releases;
		releases.update(r, { status: 'published', publishAt: app.clock.now() });
		expect(releaseTitles('reveal')).toEqual(['Slow Reveal']);
		expect(trackTitles('reveal')).toEqual(['Reveal One']);

		app.context.repositories.tracks.update(later, { status: 'ready', mediaKey: `tracks/${later}/v1-x` });
		expect(trackTitles('reveal').sort()).toEqual(['Reveal One', 'Reveal Two']);

		releases.update(r, { status: 'scheduled', publishAt: app.clock.now() + HOUR });
		expect(releaseTitles('reveal')).toEqual([]);
		expect(trackTitles('reveal')).toEqual([]);
		expect(search('reveal').tags).toEqual([]);
		app.clock.advance(HOUR);
		expect(trackTitles('reveal').sort()).toEqual(['Reveal One', 'Reveal Two']);
		expect(search('reveal').tags).toEqual([{ tag: 'reveal', releaseCount: 1 }]);

		app.context.repositories.tracks.update(ready, { status: 'processing' });
		releases.update(r, { status: 'draft' });
		expect(releaseTitles('reveal')).toEqual([]);
		expect(trackTitles('reveal')).toEqual([]);
		expect(search('reveal').tags).toEqual([]);
		releases.update(r, { status: 'published' });
		expect(trackTitles('reveal')).toEqual(['Reveal Two']);
	});

	it('shows a tag exactly while a public release carries it', () => {
		const a = artist({ name: 'Tagger', handle: 'tagger' });
		const releases = app.context.repositories.releases;
		const now = () => app.clock.now();
		// [how many tags matched (the index's view), release counts of the tags shown]
		const tag = () => {
			const found = search('saltmarsh');
			return [found.totals.tags, ...found.tags.map((t) => t.releaseCount)];
		};
		const first = release(a, {
			title: 'One',
			status: 'scheduled',
			publishAt: now() + 2 * HOUR,
			tags: ['saltmarsh']
		});
		const second = release(a, {
			title: 'Two',
			status: 'scheduled',
			publishAt: now() + HOUR,
			tags: ['saltmarsh']
		});
		expect(tag()).toEqual([0]);
		app.clock.advance(HOUR);
		expect(tag()).toEqual([1, 1]);
		// The release that made it public moves later: the other one decides now.
		releases.update(second, { publishAt: now() + 3 * HOUR });
		expect(tag()).toEqual([0]);
		app.clock.advance(HOUR);
		expect(tag()).toEqual([1, 1]);
		releases.update(second, { status: 'published' });
		expect(tag()).toEqual([1, 2]);
		releases.update(first, { status: 'draft' });
		expect(tag()).toEqual([1, 1]);
		releases.update(second, { tags: ['other'] });
		expect(tag()).toEqual([0]);
		releases.update(first, { status: 'published' });
		expect(tag()).toEqual([1, 1]);
		app.context.dbHandle.sqlite.prepare('DELETE FROM releases WHERE id = ?').run(first);
		expect(tag()).toEqual([0]);
		expect(search('other').tags).toEqual([{ tag: 'other', releaseCount: 1 }]);
	});

	it('keeps the index right after renames, tag changes and deletes', () => {
		const a = artist({ name: 'Old Name', handle: 'oldname' });
		const r = release(a, { title: 'First Title', tags: ['ambient', 'drone'] });
		const t = track(r, a, 'Original Track');
		const other = artist({ name: 'Other', handle: 'other' });
		release(other, { title: 'Other Record', tags: ['ambient'] });

		app.context.repositories.artists.update(a, {
			name: 'Brand New Name',
			handle: 'brandnew',
			bio: '',
			links: [],
			updatedAt: app.clock.now()
		});
		expect(artistNames('old')).toEqual([]);
		expect(artistNames('brand new')).toEqual(['Brand New Name']);
		expect(artistNames('brandnew')).toEqual(['Brand New Name']);
		// The artist's name is indexed on their releases and tracks too, and follows the rename.
		expect(releaseTitles('brand')).toEqual(['First Title']);
		expect(trackTitles('old name')).toEqual([]);

		app.context.repositories.releases.update(r, { title: 'Second Title', tags: ['ambient'] });
		app.context.repositories.tracks.update(t, { title: 'Renamed Track' });
		expect(releaseTitles('first')).toEqual([]);
		expect(releaseTitles('second')).toEqual(['Second Title']);
		expect(trackTitles('original')).toEqual([]);
		expect(trackTitles('renamed')).toEqual(['Renamed Track']);
		expect(search('drone').tags).toEqual([]);
		expect(search('ambient').tags).toEqual([{ tag: 'ambient', releaseCount: 2 }]);

		app.context.repositories.tracks.delete(t);
		expect(trackTitles('renamed')).toEqual([]);

		// Deleting the user cascades to the artist, releases and tracks; the index follows.
		const userId = app.context.repositories.artists.findById(a)!.userId;
		app.context.dbHandle.sqlite.prepare('DELETE FROM users WHERE id = ?').run(userId);
		expect(artistNames('brand')).toEqual([]);
		expect(releaseTitles('second')).toEqual([]);
		expect(search('ambient').tags).toEqual([{ tag: 'ambient', releaseCount: 1 }]);
		const documents = app.context.dbHandle.sqlite
			.prepare('SELECT kind, name FROM search_documents ORDER BY kind, name')
			.all();
		expect(documents).toEqual([
			{ kind: 'artist', name: 'Other' },
			{ kind: 'release', name: 'Other Record' },
			{ kind: 'tag', name: 'ambient' }
		]);
		for (const table of ['search_words', 'search_grams']) {
			expect(() =>
				app.context.dbHandle.sqlite.prepare(`INSERT INTO ${table}(${table}) VALUES ('integrity-check')`).run()
			).not.toThrow();
		}
	});

	it('answers hostile and odd queries without error', () => {
		const a = artist({ name: 'Near Or Not', handle: 'near' });
		release(a, { title: 'Stars "and" Stripes*' });
		const hostile = [
			'"',
			'""',
			'*',
			'NEAR(',
			'NEAR(a b, 2)',
			'-',
			'- near',
			'OR',
			'a OR',
			'AND NOT',
			'name:near',
			'{name}: x',
			'^near',
			'(',
			')',
			"'; DROP TABLE artists; --",
			'x'.repeat(1000),
			'🎵🎶',
			'near\u0000x',
			'\u0000',
			'%',
			'_',
			'\\',
			'   ',
			'',
			'月',
			'a b c d e f g h i j k l m n o p'
		];
		for (const q of hostile) {
			expect(() => search(q), q).not.toThrow();
			expect(() => app.context.search.suggest(q), q).not.toThrow();
		}
		expect(artistNames('OR')).toEqual(['Near Or Not']);
		expect(artistNames('NEAR(')).toEqual(['Near Or Not']);
		expect(releaseTitles('"and"')).toEqual(['Stars "and" Stripes*']);
		expect(search('🎵🎶').artists).toEqual([]);
		expect(search('%').artists).toEqual([]);
		expect(search('').totals).toEqual({ artists: 0, releases: 0, tracks: 0, tags: 0 });
		expect(search('x'.repeat(1000)).query).toHaveLength(100);
	});

	it('suggests a short mixed list with links', () => {
		const a = artist({ name: 'Tidewater', handle: 'tidewater' });
		const r = release(a, { title: 'Tidal Pools', type: 'ep', tags: ['tidal ambient'] });
		const t = track(r, a, 'Tide Lantern');
		for (let i = 0; i < 6; i++) track(r, a, `Tideline ${i}`);
		const suggestions = app.context.search.suggest('tid');
		expect(suggestions.length).toBeLessThanOrEqual(8);
		expect(suggestions[0]).toEqual({
			type: 'artist',
			label: 'Tidewater',
			sublabel: '@tidewater',
			href: '/@tidewater'
		});
		expect(suggestions).toContainEqual({
			type: 'release',
			label: 'Tidal Pools',
			sublabel: 'EP · Tidewater',
			href: `/releases/${r}`
		});
		expect(suggestions).toContainEqual({
			type: 'track',
			label: 'Tide Lantern',
			sublabel: 'Track · Tidewater',
			href: `/tracks/${t}`
		});
		expect(suggestions).toContainEqual({
			type: 'tag',
			label: 'tidal ambient',
			sublabel: 'Tag · 1 release',
			href: '/tags/tidal%20ambient'
		});
		expect(app.context.search.suggest('')).toEqual([]);
	});
});

describe('search migration', () => {
	it('indexes the rows that existed before it ran', () => {
		const dir = tempDir('shoal-migrations-');
		try {
			const journalPath = path.join(PROJECT_ROOT, 'drizzle/meta/_journal.json');
			const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8'));
			const before = {
				...journal,
				// Everything from the search migration on: the migrator skips a migration older than the last applied.
				entries: journal.entries.filter((e: { tag: string }) => e.tag < '0004_search')
			};
			fs.mkdirSync(path.join(dir, 'meta'));
			for (const file of fs.readdirSync(path.join(PROJECT_ROOT, 'drizzle'))) {
				if (file.endsWith('.sql'))
					fs.copyFileSync(path.join(PROJECT_ROOT, 'drizzle', file), path.join(dir, file));
			}
			fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify(before));
			const handle = createDb(path.join(dir, 'shoal.db'));
			try {
				migrateDb(handle, dir);
				handle.sqlite.exec(`
					INSERT INTO users VALUES ('u1', 'u1@example.org', 'U', 'x', 0, 1, 1);
					INSERT INTO artists VALUES ('a1', 'u1', 'bjork', 'Björk', 'From the north.', '[]', 1, 1);
					INSERT INTO releases (id, artist_id, title, type, tags, status, created_at, updated_at)
						VALUES ('r1', 'a1', '夏夜的月光', 'album', '["dream pop"]', 'published', 1, 1);
					INSERT INTO releases (id, artist_id, title, type, status, publish_at, created_at, updated_at)
						VALUES ('r2', 'a1', 'Later', 'album', 'scheduled', 5000, 1, 1);
					INSERT INTO tracks (id, release_id, artist_id, position, title, original_name, source_key,
						source_bytes, source_kind, source_demuxer, status, media_key, created_at, updated_at)
					VALUES ('t1', 'r1', 'a1', 1, 'Ready', 'x', 'x', 1, 'flac', 'flac', 'ready', 'tracks/t1', 1, 1),
						('t2', 'r1', 'a1', 2, 'Busy', 'x', 'x', 1, 'flac', 'flac', 'processing', NULL, 1, 1),
						('t3', 'r2', 'a1', 1, 'Soon', 'x', 'x', 1, 'flac', 'flac', 'ready', 'tracks/t3', 1, 1);`);
				fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify(journal));
				migrateDb(handle, dir);
				const rows = handle.sqlite
					.prepare(
						`SELECT d.kind, d.name FROM search_words JOIN search_documents d ON d.id = search_words.rowid
						 WHERE search_words MATCH '"bjork"*' ORDER BY d.kind`
					)
					.all();
				// The artist, and (through the artist column) both releases and all three tracks.
				expect(rows).toHaveLength(6);
				expect(rows).toEqual(
					expect.arrayContaining([
						{ kind: 'artist', name: 'Björk' },
						{ kind: 'release', name: '夏夜的月光' }
					])
				);
				const grams = handle.sqlite
					.prepare(`SELECT rowid FROM search_grams WHERE search_grams MATCH '"夜的月"'`)
					.all();
				expect(grams).toHaveLength(1);
				const tags = handle.sqlite.prepare(`SELECT name FROM search_documents WHERE kind = 'tag'`).all();
				expect(tags).toEqual([{ name: 'dream pop' }]);
				const publicFrom = handle.sqlite
					.prepare(`SELECT name, public_from FROM search_documents ORDER BY name`)
					.all();
				expect(publicFrom).toEqual([
					{ name: 'Björk', public_from: 0 },
					{ name: 'Busy', public_from: null },
					{ name: 'Later', public_from: 5000 },
					{ name: 'Ready', public_from: 0 },
					{ name: 'Soon', public_from: 5000 },
					{ name: 'dream pop', public_from: 0 },
					{ name: '夏夜的月光', public_from: 0 }
				]);
			} finally {
				handle.close();
			}
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it('numbers existing tracks 1..n and folds existing names when the studio migration runs', () => {
		const dir = tempDir('shoal-migrations-');
		try {
			const journal = JSON.parse(
				fs.readFileSync(path.join(PROJECT_ROOT, 'drizzle/meta/_journal.json'), 'utf8')
			);
			const studio = journal.entries.find((e: { tag: string }) => e.tag.endsWith('_studio'));
			const before = {
				...journal,
				entries: journal.entries.filter((e: { idx: number }) => e.idx < studio.idx)
			};
			fs.mkdirSync(path.join(dir, 'meta'));
			for (const file of fs.readdirSync(path.join(PROJECT_ROOT, 'drizzle'))) {
				if (file.endsWith('.sql'))
					fs.copyFileSync(path.join(PROJECT_ROOT, 'drizzle', file), path.join(dir, file));
			}
			fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify(before));
			const handle = createDb(path.join(dir, 'shoal.db'));
			try {
				migrateDb(handle, dir);
				handle.sqlite.exec(`
					INSERT INTO users VALUES ('u1', 'u1@example.org', 'U', 'x', 0, 1, 1);
					INSERT INTO artists VALUES ('a1', 'u1', 'bb', 'B.B. Moss', '', '[]', 1, 1);
					INSERT INTO releases (id, artist_id, title, type, status, created_at, updated_at)
						VALUES ('r1', 'a1', 'Journey’s End', 'album', 'published', 1, 1);
					INSERT INTO tracks (id, release_id, artist_id, position, title, original_name, source_key,
						source_bytes, source_kind, source_demuxer, status, media_key, created_at, updated_at)
					VALUES ('t1', 'r1', 'a1', 3, 'Third', 'x', 'x', 1, 'flac', 'flac', 'ready', 'tracks/t1', 1, 1),
						('t2', 'r1', 'a1', 17, 'Last', 'x', 'x', 1, 'flac', 'flac', 'ready', 'tracks/t2', 1, 1),
						('t3', 'r1', 'a1', 1, 'First', 'x', 'x', 1, 'flac', 'flac', 'ready', 'tracks/t3', 1, 1);`);
				fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify(journal));
				migrateDb(handle, dir);
				const order = handle.sqlite.prepare(`SELECT title, position FROM tracks ORDER BY position`).all();
				expect(order).toEqual([
					{ title: 'First', position: 1 },
					{ title: 'Third', position: 2 },
					{ title: 'Last', position: 3 }
				]);
				const found = handle.sqlite
					.prepare(
						`SELECT d.kind FROM search_words JOIN search_documents d ON d.id = search_words.rowid
						 WHERE search_words MATCH '"journeys"*' ORDER BY d.kind`
					)
					.all();
				expect(found).toEqual([{ kind: 'release' }]);
			} finally {
				handle.close();
			}
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
