/**
 * Search at community scale: seeds a synthetic catalogue (artists, releases, tracks; Latin names
 * with diacritics and CJK titles) into a temp database through the real triggers, then prints the
 * median and worst time of typical queries. Run: `npx tsx bench/search.ts [artists]`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { FakeClock } from '../src/lib/server/clock';
import { loadConfig } from '../src/lib/server/config';
import { createAppContext } from '../src/lib/server/context';
import { createLogger } from '../src/lib/server/logger';

const ARTISTS = Number(process.argv[2] ?? 5000);
const RELEASES_PER_ARTIST = 4;
const TRACKS_PER_RELEASE = 5;

const WORDS =
	'tide harbour lantern moss static paper kite ember hollow river glass north velvet echo drift amber cedar quiet signal orbit salt meadow hush'.split(
		' '
	);
const ACCENTED = ['Björk', 'Café', 'Sigur', 'Mañana', 'Élan', 'Zoë', 'Øresund', 'Crème'];
const CJK = ['夏夜的月光', '海辺のカフェ', '城市流行', '雨の日', '星空下', '青い海', '月光楽団', '东京夜曲'];

let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
const title = () => {
	const n = 1 + Math.floor(random() * 3);
	const parts = Array.from({ length: n }, () => (random() < 0.1 ? pick(ACCENTED) : pick(WORDS)));
	if (random() < 0.1) parts.push(pick(CJK));
	return parts.map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
};

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-bench-search-'));
const clock = new FakeClock();
const context = createAppContext(
	loadConfig({ DATA_DIR: dataDir, ORIGIN: 'http://localhost:3999' }, process.cwd()),
	{ clock, logger: createLogger({ logLevel: 'silent', logFormat: 'json' }) }
);
const { sqlite } = context.dbHandle;

try {
	const insertUser = sqlite.prepare(`INSERT INTO users VALUES (?, ?, ?, 'x', 0, 1, 1)`);
	const insertArtist = sqlite.prepare(`INSERT INTO artists VALUES (?, ?, ?, ?, ?, '[]', 1, 1)`);
	const insertRelease = sqlite.prepare(
		`INSERT INTO releases (id, artist_id, title, type, description, tags, status, publish_at, created_at, updated_at)
		 VALUES (?, ?, ?, 'album', ?, ?, ?, 1, 1, 1)`
	);
	const insertTrack = sqlite.prepare(
		`INSERT INTO tracks (id, release_id, artist_id, position, title, original_name, source_key, source_bytes,
			source_kind, source_demuxer, status, media_key, created_at, updated_at)
		 VALUES (?, ?, ?, ?, ?, 'x', 'x', 1, 'flac', 'flac', ?, 'tracks/x', 1, 1)`
	);
	const started = performance.now();
	sqlite.transaction(() => {
		for (let a = 0; a < ARTISTS; a++) {
			insertUser.run(`u${a}`, `u${a}@example.org`, `U${a}`);
			insertArtist.run(`a${a}`, `u${a}`, `artist${a}`, title(), `Music about ${title().toLowerCase()}.`);
			for (let r = 0; r < RELEASES_PER_ARTIST; r++) {
				const id = `r${a}-${r}`;
				const tags = JSON.stringify([pick(WORDS), pick(['ambient', 'folk', 'city pop', '城市流行'])]);
				insertRelease.run(
					id,
					`a${a}`,
					title(),
					`Recorded near the ${pick(WORDS)}.`,
					tags,
					random() < 0.8 ? 'published' : 'draft'
				);
				for (let t = 0; t < TRACKS_PER_RELEASE; t++) {
					insertTrack.run(
						`t${a}-${r}-${t}`,
						id,
						`a${a}`,
						t + 1,
						title(),
						random() < 0.95 ? 'ready' : 'processing'
					);
				}
			}
		}
	})();
	const seeded = performance.now() - started;
	sqlite.pragma('wal_checkpoint(TRUNCATE)');
	const docs = (sqlite.prepare('SELECT count(*) AS n FROM search_documents').get() as { n: number }).n;
	const bytes = fs.statSync(context.config.databasePath).size;
	console.log(
		`seeded ${ARTISTS} artists, ${ARTISTS * RELEASES_PER_ARTIST} releases, ${ARTISTS * RELEASES_PER_ARTIST * TRACKS_PER_RELEASE} tracks` +
			` (${docs} documents) in ${(seeded / 1000).toFixed(1)} s; database ${(bytes / 1e6).toFixed(0)} MB`
	);

	const queries = [
		't',
		'ti',
		'tid',
		'tide',
		'tide harbour',
		'bjork',
		'cafe',
		'artist42',
		'海',
		'月光',
		'夏夜的',
		'zzzz',
		'"*NEAR('
	];
	const timed = (run: () => unknown) => {
		const times: number[] = [];
		for (let i = 0; i < 11; i++) {
			const t0 = performance.now();
			run();
			times.push(performance.now() - t0);
		}
		times.sort((x, y) => x - y);
		return `median ${times[5].toFixed(1).padStart(6)} ms, max ${times[10].toFixed(1).padStart(6)} ms`;
	};
	console.log('query            page (search)                    suggest                          matches');
	for (const q of queries) {
		const page = timed(() => context.search.search(q));
		const suggest = timed(() => context.search.suggest(q));
		const { totals } = context.search.search(q);
		console.log(
			`${JSON.stringify(q).padEnd(16)} ${page}   ${suggest}   ${totals.artists + totals.releases + totals.tracks}`
		);
	}
	const t0 = performance.now();
	sqlite.prepare(`UPDATE artists SET name = 'Renamed Artist' WHERE id = 'a7'`).run();
	console.log(
		`rename of an artist with ${RELEASES_PER_ARTIST} releases: ${(performance.now() - t0).toFixed(1)} ms`
	);
	const t1 = performance.now();
	sqlite.prepare(`UPDATE releases SET tags = '["brand new tag"]' WHERE id = 'r9-1'`).run();
	console.log(`tag change of a release: ${(performance.now() - t1).toFixed(1)} ms`);
} finally {
	context.close();
	if (process.env.KEEP) fs.copyFileSync(context.config.databasePath, process.env.KEEP);
	fs.rmSync(dataDir, { recursive: true, force: true });
}
