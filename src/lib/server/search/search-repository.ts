import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { ShoalDb } from '../db';
import { artists, releases, tracks } from '../db/schema';
import { isPlayableByAnyoneAt, isPublicAt } from '../catalog/release-repository';

export const SEARCH_KINDS = ['artist', 'release', 'track', 'tag'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** One matching document that the public may see, with its bm25 score (lower is better). */
export interface SearchHit {
	kind: SearchKind;
	entityId: string;
	name: string;
	alt: string;
	score: number;
	/** How many visible documents of this kind matched in all. */
	total: number;
}

/** Column weights for bm25: name, alt (handle or tags), artist, body (bio or description). */
const WORDS_BM25 = sql.raw('bm25(search_words, 10.0, 4.0, 2.0, 1.0)');
const GRAMS_BM25 = sql.raw('bm25(search_grams, 10.0, 4.0, 2.0, 1.0)');

/** isPublicAt's rule, for a release row aliased `alias` in raw SQL. */
function publicRelease(alias: string, now: number): SQL {
	const r = sql.raw(alias);
	return sql`(${r}.status = 'published' OR (${r}.status = 'scheduled' AND ${r}.publish_at <= ${now}))`;
}

/**
 * Only what is public now may be found. The triggers keep each document's `public_from` (isPublicAt's
 * rule, plus "ready with media" for tracks, and a tag's earliest public release); the moment is
 * compared here, at query time, so a scheduled release needs no timer.
 */
function visible(now: number): SQL {
	return sql`(d.public_from IS NOT NULL AND d.public_from <= ${now})`;
}

function allText(): SQL {
	return sql.raw(`(d.name || ' ' || d.alt || ' ' || d.artist || ' ' || d.body)`);
}

function likeAll(column: SQL, patterns: string[]): SQL {
	return patterns.length
		? sql.join(
				patterns.map((pattern) => sql`${column} LIKE ${pattern} ESCAPE '\\'`),
				sql` AND `
			)
		: sql`1`;
}

/** Keeps the best `perKind` of each kind and counts them all. */
function topPerKind(db: ShoalDb, matches: SQL, perKind: number): SearchHit[] {
	const rows = db.all<{
		kind: SearchKind;
		entity_id: string;
		name: string;
		alt: string;
		score: number;
		total: number;
	}>(sql`SELECT kind, entity_id, name, alt, score, total FROM (
			SELECT m.*, row_number() OVER (PARTITION BY kind ORDER BY score, name) AS rn,
				count(*) OVER (PARTITION BY kind) AS total
			FROM (${matches}) AS m
		) WHERE rn <= ${perKind}`);
	return rows.map((row) => ({
		kind: row.kind,
		entityId: row.entity_id,
		name: row.name,
		alt: row.alt,
		score: row.score,
		total: row.total
	}));
}

/** `cap`: look only at the best `cap` matches by bm25 (suggestions as you type: fast, no exact totals). */
export interface HitOptions {
	perKind: number;
	cap?: number;
}

function ftsHits(table: 'search_words' | 'search_grams', match: string, cap: number | undefined): SQL {
	const fts = sql.raw(table);
	const bm25 = table === 'search_words' ? WORDS_BM25 : GRAMS_BM25;
	const best = cap ? sql`ORDER BY score LIMIT ${cap}` : sql``;
	return sql`(SELECT rowid AS id, ${bm25} AS score FROM ${fts} WHERE ${fts} MATCH ${match} ${best})`;
}

export function createSearchRepository(db: ShoalDb) {
	return {
		/** Words and prefixes (search_words), e.g. `"tid"*`. */
		wordHits(match: string, now: number, options: HitOptions): SearchHit[] {
			return topPerKind(
				db,
				sql`SELECT d.kind, d.entity_id, d.name, d.alt, h.score
					FROM ${ftsHits('search_words', match, options.cap)} AS h JOIN search_documents d ON d.id = h.id
					WHERE ${visible(now)}`,
				options.perKind
			);
		},

		/** Substrings through the trigram index; `likePatterns` (short terms) must match as well. */
		gramHits(match: string, likePatterns: string[], now: number, options: HitOptions): SearchHit[] {
			return topPerKind(
				db,
				sql`SELECT d.kind, d.entity_id, d.name, d.alt, h.score
					FROM ${ftsHits('search_grams', match, options.cap)} AS h JOIN search_documents d ON d.id = h.id
					WHERE ${visible(now)} AND ${likeAll(allText(), likePatterns)}`,
				options.perKind
			);
		},

		/**
		 * Terms too short for trigrams ("海", "月光"): a LIKE scan over names only (name, handle or tags,
		 * artist), used for CJK input alone; it reads every document, so only the best few are kept.
		 * Shorter names score better.
		 */
		shortSubstringHits(likePatterns: string[], now: number, options: HitOptions): SearchHit[] {
			const inNames = sql.join(
				likePatterns.map(
					(pattern) =>
						sql`(d.name LIKE ${pattern} ESCAPE '\\' OR d.alt LIKE ${pattern} ESCAPE '\\' OR d.artist LIKE ${pattern} ESCAPE '\\')`
				),
				sql` AND `
			);
			return topPerKind(
				db,
				sql`SELECT d.kind, d.entity_id, d.name, d.alt,
						CASE WHEN ${likeAll(sql.raw('d.name'), likePatterns)} THEN length(d.name) ELSE 1000 END AS score
					FROM search_documents AS d
					WHERE ${visible(now)} AND ${inNames}`,
				options.perKind
			);
		},

		artistsByIds(ids: string[]) {
			if (!ids.length) return [];
			return db
				.select({ id: artists.id, handle: artists.handle, name: artists.name, bio: artists.bio })
				.from(artists)
				.where(inArray(artists.id, ids))
				.all();
		},

		releasesByIds(ids: string[], now: number) {
			if (!ids.length) return [];
			return db
				.select({
					id: releases.id,
					title: releases.title,
					type: releases.type,
					releaseDate: releases.releaseDate,
					coverKey: releases.coverKey,
					artistName: artists.name,
					artistHandle: artists.handle
				})
				.from(releases)
				.innerJoin(artists, eq(artists.id, releases.artistId))
				.where(and(inArray(releases.id, ids), isPublicAt(now)))
				.all();
		},

		tracksByIds(ids: string[], now: number) {
			if (!ids.length) return [];
			return db
				.select({
					id: tracks.id,
					title: tracks.title,
					durationSeconds: tracks.durationSeconds,
					releaseId: releases.id,
					releaseTitle: releases.title,
					artistName: artists.name,
					artistHandle: artists.handle
				})
				.from(tracks)
				.innerJoin(releases, eq(releases.id, tracks.releaseId))
				.innerJoin(artists, eq(artists.id, tracks.artistId))
				.where(and(inArray(tracks.id, ids), isPlayableByAnyoneAt(now)))
				.all();
		},

		/** Counted plays since `since` of these tracks, and of all tracks of these releases. */
		recentPlays(trackIds: string[], releaseIds: string[], since: number) {
			const list = (ids: string[]) =>
				sql.join(
					ids.map((id) => sql`${id}`),
					sql`, `
				);
			const tracksPlays = trackIds.length
				? db.all<{ id: string; plays: number }>(
						sql`SELECT track_id AS id, count(*) AS plays FROM plays
							WHERE track_id IN (${list(trackIds)}) AND played_at >= ${since} GROUP BY track_id`
					)
				: [];
			const releasePlays = releaseIds.length
				? db.all<{ id: string; plays: number }>(
						sql`SELECT t.release_id AS id, count(*) AS plays FROM tracks t JOIN plays p ON p.track_id = t.id
							WHERE t.release_id IN (${list(releaseIds)}) AND p.played_at >= ${since} GROUP BY t.release_id`
					)
				: [];
			return {
				tracks: new Map(tracksPlays.map((row) => [row.id, row.plays])),
				releases: new Map(releasePlays.map((row) => [row.id, row.plays]))
			};
		},

		/** How many public releases carry each of these tags. */
		tagCounts(tags: string[], now: number): Map<string, number> {
			if (!tags.length) return new Map();
			const rows = db.all<{ tag: string; count: number }>(
				sql`SELECT j.value AS tag, count(DISTINCT r.id) AS count
					FROM releases r, json_each(r.tags) j
					WHERE j.value IN (${sql.join(
						tags.map((tag) => sql`${tag}`),
						sql`, `
					)}) AND ${publicRelease('r', now)}
					GROUP BY j.value`
			);
			return new Map(rows.map((row) => [row.tag, row.count]));
		}
	};
}

export type SearchRepository = ReturnType<typeof createSearchRepository>;
