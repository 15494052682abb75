import {
	tagHref,
	type SearchResults,
	type SearchResultType,
	type SearchSuggestion
} from '../../shared/search';
import { countText } from '../../shared/count-text';
import { RELEASE_TYPE_LABELS } from '../../studio/format';
import type { Clock } from '../clock';
import type { MediaUrls } from '../media/media-urls';
import { nameTier, parseSearchQuery, type SearchQuery } from './search-query';
import type { HitOptions, SearchHit, SearchKind, SearchRepository } from './search-repository';

interface RankedHit extends SearchHit {
	tier: 0 | 1 | 2;
	/** 0: word index, 1: substring (trigram or LIKE). Word matches are the better evidence. */
	source: 0 | 1;
}

const KIND_ORDER: SearchKind[] = ['artist', 'release', 'track', 'tag'];
const SUGGESTIONS_MAX = 8;
const SUGGESTIONS_PER_KIND = 4;
/** Suggestions look at the best few hundred matches only: typing must stay fast on a big catalogue. */
const SUGGEST_CANDIDATES = 400;
const BIO_EXCERPT = 160;
const POPULAR_WINDOW_MS = 30 * 24 * 3_600_000;

function compareRanked(a: RankedHit, b: RankedHit): number {
	return a.tier - b.tier || a.source - b.source || a.score - b.score || a.name.localeCompare(b.name);
}

function emptyResults(query: string): SearchResults {
	return {
		query,
		artists: [],
		releases: [],
		tracks: [],
		tags: [],
		totals: { artists: 0, releases: 0, tracks: 0, tags: 0 }
	};
}

function excerpt(text: string, max: number): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/**
 * Search over what the public may see. Candidates come from the word index (prefixes, folded
 * diacritics) and, for Chinese/Japanese/Korean input, from the trigram index or a short LIKE scan;
 * they are ranked by whole-name match first (exact, then prefix), then by index, then bm25.
 */
export function createSearchService(deps: { repo: SearchRepository; clock: Clock; mediaUrls: MediaUrls }) {
	const { repo, clock, mediaUrls } = deps;

	function rank(query: SearchQuery, now: number, options: HitOptions) {
		const hits: RankedHit[] = [];
		const totals = new Map<SearchKind, number>();
		const add = (found: SearchHit[], source: 0 | 1) => {
			for (const hit of found) {
				const names = hit.kind === 'artist' ? [hit.name, hit.alt] : [hit.name];
				hits.push({ ...hit, tier: nameTier(query.text, names), source });
				totals.set(hit.kind, Math.max(totals.get(hit.kind) ?? 0, hit.total));
			}
		};
		add(repo.wordHits(query.wordsMatch, now, options), 0);
		if (query.cjk?.gramsMatch) {
			add(repo.gramHits(query.cjk.gramsMatch, query.cjk.likePatterns, now, options), 1);
		} else if (query.cjk) {
			add(repo.shortSubstringHits(query.cjk.likePatterns, now, options), 1);
		}
		const best = new Map<string, RankedHit>();
		for (const hit of hits.sort(compareRanked)) {
			const key = `${hit.kind}:${hit.entityId}`;
			if (!best.has(key)) best.set(key, hit);
		}
		const byKind = new Map<SearchKind, RankedHit[]>(KIND_ORDER.map((kind) => [kind, []]));
		for (const hit of best.values()) byKind.get(hit.kind)!.push(hit);
		boostPopular(byKind, now);
		for (const [kind, list] of byKind) totals.set(kind, Math.max(totals.get(kind) ?? 0, list.length));
		return { byKind, totals };
	}

	/**
	 * A small nudge for what people play (counted plays in the last 30 days): up to about a third
	 * better score for 1,000 plays. It reorders within a tier, never above a better name match.
	 */
	function boostPopular(byKind: Map<SearchKind, RankedHit[]>, now: number) {
		const ids = (kind: SearchKind) => byKind.get(kind)!.map((hit) => hit.entityId);
		const plays = repo.recentPlays(ids('track'), ids('release'), now - POPULAR_WINDOW_MS);
		for (const [kind, counts] of [
			['track', plays.tracks],
			['release', plays.releases]
		] as const) {
			const list = byKind.get(kind)!;
			for (const hit of list) {
				const boost = 1 + 0.1 * Math.log10(1 + (counts.get(hit.entityId) ?? 0));
				// bm25 is negative (more negative is better); the LIKE fallback scores by length.
				hit.score = hit.score < 0 ? hit.score * boost : hit.score / boost;
			}
			list.sort(compareRanked);
		}
	}

	function ordered<T>(ids: string[], rows: T[], idOf: (row: T) => string): T[] {
		const byId = new Map(rows.map((row) => [idOf(row), row]));
		return ids.flatMap((id) => byId.get(id) ?? []);
	}

	function search(raw: string, options: { now?: number; limit?: number; cap?: number } = {}): SearchResults {
		const query = parseSearchQuery(raw);
		if (!query) return emptyResults(raw.trim().slice(0, 100));
		const now = options.now ?? clock.now();
		const limit = Math.max(1, Math.min(options.limit ?? 20, 50));
		const { byKind, totals } = rank(query, now, { perKind: limit * 3, cap: options.cap });
		const top = (kind: SearchKind) =>
			byKind
				.get(kind)!
				.slice(0, limit)
				.map((hit) => hit.entityId);

		const artistIds = top('artist');
		const releaseIds = top('release');
		const trackIds = top('track');
		const tagNames = top('tag');
		const tagCounts = repo.tagCounts(tagNames, now);
		return {
			query: query.text,
			artists: ordered(artistIds, repo.artistsByIds(artistIds), (row) => row.id).map((row) => ({
				...row,
				bio: excerpt(row.bio, BIO_EXCERPT)
			})),
			releases: ordered(releaseIds, repo.releasesByIds(releaseIds, now), (row) => row.id).map(
				({ coverKey, ...row }) => ({
					...row,
					artworkBase: mediaUrls.artworkBase(coverKey)
				})
			),
			tracks: ordered(trackIds, repo.tracksByIds(trackIds, now), (row) => row.id),
			tags: tagNames
				.map((tag) => ({ tag, releaseCount: tagCounts.get(tag) ?? 0 }))
				.filter((tag) => tag.releaseCount > 0),
			totals: {
				artists: totals.get('artist') ?? 0,
				releases: totals.get('release') ?? 0,
				tracks: totals.get('track') ?? 0,
				tags: totals.get('tag') ?? 0
			}
		};
	}

	return {
		search,

		/** At most 8 mixed suggestions for the header box: whole-name matches first, then by kind. */
		suggest(raw: string, options: { now?: number } = {}): SearchSuggestion[] {
			const results = search(raw, { now: options.now, limit: SUGGESTIONS_PER_KIND, cap: SUGGEST_CANDIDATES });
			const lines: Array<SearchSuggestion & { tier: number; order: number }> = [];
			const push = (
				type: SearchResultType,
				index: number,
				line: Omit<SearchSuggestion, 'type'>,
				names = [line.label]
			) => {
				const tier = nameTier(results.query, names);
				lines.push({ type, ...line, tier, order: KIND_ORDER.indexOf(type) * 100 + index });
			};
			results.artists.forEach((artist, i) =>
				push('artist', i, { label: artist.name, sublabel: `@${artist.handle}`, href: `/@${artist.handle}` }, [
					artist.name,
					artist.handle
				])
			);
			results.releases.forEach((release, i) =>
				push('release', i, {
					label: release.title,
					sublabel: `${RELEASE_TYPE_LABELS[release.type]} · ${release.artistName}`,
					href: `/releases/${release.id}`
				})
			);
			results.tracks.forEach((track, i) =>
				push('track', i, {
					label: track.title,
					sublabel: `Track · ${track.artistName}`,
					href: `/tracks/${track.id}`
				})
			);
			results.tags.forEach((tag, i) =>
				push('tag', i, {
					label: tag.tag,
					sublabel: `Tag · ${countText(tag.releaseCount, 'release', 'releases')}`,
					href: tagHref(tag.tag)
				})
			);
			return lines
				.sort((a, b) => Math.min(a.tier, 1) - Math.min(b.tier, 1) || a.order - b.order)
				.slice(0, SUGGESTIONS_MAX)
				.map(({ type, label, sublabel, href }) => ({ type, label, sublabel, href }));
		}
	};
}

export type SearchService = ReturnType<typeof createSearchService>;
