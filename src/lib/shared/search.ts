import type { ReleaseCard } from './catalog';

// No zod here: the header search box imports this on every page (the schema is in schemas/search.ts).

/** Queries longer than this are cut (pages) or refused (the suggest endpoint). */
export const SEARCH_QUERY_MAX = 100;

export type SearchResultType = 'artist' | 'release' | 'track' | 'tag';

/** One line of the header search box's list. */
export interface SearchSuggestion {
	type: SearchResultType;
	label: string;
	sublabel: string;
	href: string;
}

export interface ArtistResult {
	id: string;
	handle: string;
	name: string;
	/** The start of the bio, for context. */
	bio: string;
}

export type ReleaseResult = Omit<ReleaseCard, 'trackCount'>;

export interface TrackResult {
	id: string;
	title: string;
	durationSeconds: number | null;
	releaseId: string;
	releaseTitle: string;
	artistName: string;
	artistHandle: string;
}

export interface TagResult {
	tag: string;
	releaseCount: number;
}

export interface SearchResults {
	query: string;
	artists: ArtistResult[];
	releases: ReleaseResult[];
	tracks: TrackResult[];
	tags: TagResult[];
	/** How many of each kind matched in all (the lists hold the best few). */
	totals: Record<'artists' | 'releases' | 'tracks' | 'tags', number>;
}

export function tagHref(tag: string): string {
	return `/tags/${encodeURIComponent(tag)}`;
}
