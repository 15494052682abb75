/**
 * Search at community scale: seeds a synthetic catalogue (artists, releases, tracks; Latin names
 * with diacritics and CJK titles) into a temp database through the real triggers, then times a varied
 * query set on the results page (search) and the type-ahead (suggest):
 *   prefixes of every length (as a person types), multi-word, accented and folded, CJK of 1–5
 *   characters, handles, and misses (nothing matches).
 * "cold" is each query's first run on a freshly opened connection (empty page cache of SQLite, no
 * prepared statements); "warm" is 15 further runs of each. p50/p95 are over every run of the class.
 * Run: `npx tsx bench/search.ts [artists]` (20 tracks per artist: 50000 artists = 1,000,000 tracks).
 * Last line: `search_p95_ms=<warm p95 of the page> suggest_p95_ms=<warm p95 of suggest> tracks=<n>`.
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
const config = loadConfig({ DATA_DIR: dataDir, ORIGIN: 'http://localhost:3999' }, process.cwd());
const openContext = () =>
	createAppContext(config, { clock, logger: createLogger({ logLevel: 'silent', logFormat: 'json' }) });

/** What people type, by class. Prefixes of every length come from typing a few words letter by letter. */
function querySet(): Record<string, string[]> {
	const typed = (word: string) => Array.from({ length: word.length }, (_, i) => word.slice(0, i + 1));
	return {
		prefix: [...typed('harbour'), ...typed('lantern'), ...typed('velvet'), ...typed('signal')],
		'multi-word': ['tide harbour', 'quiet signal', 'paper kite ember', 'amber cedar', 'velvet echo drift'],
		folded: ['bjork', 'björk', 'cafe', 'manana', 'oresund', 'zoe', 'creme'],
		cjk: ['海', '月光', '夏夜的', '東京', '东京夜曲', '雨の日', '星空', '城市流行'],
		handle: ['artist42', 'artist1234', 'artist7'],
		miss: ['zzzz', 'qqxv', 'harbourzz', '不存在的歌', '"*NEAR(']
	};
}

const percentile = (sorted: number[], p: number) =>
	sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const summary = (times: number[]) => {
	const sorted = [...times].sort((a, b) => a - b);
	return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] };
};
const ms = (n: number) => n.toFixed(1).padStart(7);

let context = openContext();
let tracks = 0;
try {
	const { sqlite } = context.dbHandle;
	const insertUser = sqlite.prepare(
		`INSERT INTO users (id, email, display_name, password_hash, is_admin, created_at, password_changed_at)
		 VALUES (?, ?, ?, 'x', 0, 1, 1)`
	);
	const insertArtist = sqlite.prepare(
		`INSERT INTO artists (id, user_id, handle, name, bio, links, created_at, updated_at)
		 VALUES (?, ?, ?, ?, ?, '[]', 1, 1)`
	);
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
					tracks++;
				}
			}
		}
	})();
	const seeded = performance.now() - started;
	sqlite.pragma('wal_checkpoint(TRUNCATE)');
	const docs = (sqlite.prepare('SELECT count(*) AS n FROM search_documents').get() as { n: number }).n;
	const bytes = fs.statSync(config.databasePath).size;
	console.log(
		`seeded ${ARTISTS} artists, ${ARTISTS * RELEASES_PER_ARTIST} releases, ${tracks} tracks` +
			` (${docs} documents) in ${(seeded / 1000).toFixed(1)} s; database ${(bytes / 1e6).toFixed(0)} MB`
	);

	// Cold: a new connection (SQLite's page cache and statement cache empty; the OS file cache is not
	// dropped, which needs root and would measure the disk rather than the search).
	context.close();
	context = openContext();
	const classes = querySet();
	const cold = { search: [] as number[], suggest: [] as number[] };
	const warm = { search: [] as number[], suggest: [] as number[] };
	const perClass: Record<string, { search: number[]; suggest: number[] }> = {};
	const time = (run: () => unknown) => {
		const t0 = performance.now();
		run();
		return performance.now() - t0;
	};
	for (const queries of Object.values(classes)) {
		for (const q of queries) {
			cold.search.push(time(() => context.search.search(q)));
			cold.suggest.push(time(() => context.search.suggest(q)));
		}
	}
	const WARM_RUNS = 15;
	for (const [name, queries] of Object.entries(classes)) {
		const mine = (perClass[name] = { search: [] as number[], suggest: [] as number[] });
		for (let run = 0; run < WARM_RUNS; run++) {
			for (const q of queries) {
				const page = time(() => context.search.search(q));
				const suggest = time(() => context.search.suggest(q));
				mine.search.push(page);
				mine.suggest.push(suggest);
				warm.search.push(page);
				warm.suggest.push(suggest);
			}
		}
	}
	console.log('\nclass        queries   page p50    p95    max  suggest p50    p95    max   (warm, ms)');
	for (const [name, times] of Object.entries(perClass)) {
		const page = summary(times.search);
		const suggest = summary(times.suggest);
		console.log(
			`${name.padEnd(12)} ${String(classes[name].length).padStart(7)} ${ms(page.p50)} ${ms(page.p95)} ${ms(page.max)}` +
				`     ${ms(suggest.p50)} ${ms(suggest.p95)} ${ms(suggest.max)}`
		);
	}
	const slowest = Object.values(classes)
		.flat()
		.map((q) => ({ q, t: time(() => context.search.search(q)) }))
		.sort((a, b) => b.t - a.t)
		.slice(0, 3);
	console.log(
		`slowest page queries now: ${slowest.map(({ q, t }) => `${JSON.stringify(q)} ${t.toFixed(1)} ms`).join(', ')}`
	);
	for (const [label, set] of [
		['cold', cold],
		['warm', warm]
	] as const) {
		const page = summary(set.search);
		const suggest = summary(set.suggest);
		console.log(
			`${label}: page p50 ${page.p50.toFixed(1)} ms p95 ${page.p95.toFixed(1)} ms; ` +
				`suggest p50 ${suggest.p50.toFixed(1)} ms p95 ${suggest.p95.toFixed(1)} ms (${set.search.length} runs)`
		);
	}
	const t0 = performance.now();
	context.dbHandle.sqlite.prepare(`UPDATE artists SET name = 'Renamed Artist' WHERE id = 'a7'`).run();
	console.log(
		`rename of an artist with ${RELEASES_PER_ARTIST} releases: ${(performance.now() - t0).toFixed(1)} ms`
	);
	const t1 = performance.now();
	context.dbHandle.sqlite.prepare(`UPDATE releases SET tags = '["brand new tag"]' WHERE id = 'r9-1'`).run();
	console.log(`tag change of a release: ${(performance.now() - t1).toFixed(1)} ms`);
	console.log(
		`search_p95_ms=${summary(warm.search).p95.toFixed(1)} suggest_p95_ms=${summary(warm.suggest).p95.toFixed(1)} tracks=${tracks}`
	);
} finally {
	context.close();
	if (process.env.KEEP) fs.copyFileSync(config.databasePath, process.env.KEEP);
	fs.rmSync(dataDir, { recursive: true, force: true });
}
