/**
 * Turns what a person typed into safe FTS5 queries. Raw input never reaches MATCH: it is cut into
 * words of letters, digits and marks, and each word is quoted, so FTS5 syntax (`"`, `*`, `NEAR(`,
 * `-`, `OR`, `:` …) is only ever text to look for.
 */

export const MAX_QUERY_LENGTH = 100;
const MAX_TERMS = 8;
/** The trigram tokenizer cannot match a term shorter than this. */
const TRIGRAM_MIN = 3;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const SEPARATORS = /[^\p{L}\p{N}\p{M}]+/u;

export interface SearchQuery {
	/** The query as kept (control characters removed, at most 100 characters). */
	text: string;
	/** Lowercased words, at most 8. */
	terms: string[];
	/** For search_words (unicode61): every word as a quoted prefix, all required. */
	wordsMatch: string;
	/** Only for Chinese/Japanese/Korean input: substring search. */
	cjk: { gramsMatch: string | null; likePatterns: string[] } | null;
}

/** `null` when there is nothing to look for (empty, punctuation or emoji only). */
export function parseSearchQuery(raw: string): SearchQuery | null {
	const text = Array.from(raw.normalize('NFC').replace(/[\p{Cc}\p{Cf}]/gu, ' '))
		.slice(0, MAX_QUERY_LENGTH)
		.join('')
		.trim();
	const terms = text.toLowerCase().split(SEPARATORS).filter(Boolean).slice(0, MAX_TERMS);
	if (terms.length === 0) return null;
	return {
		text,
		terms,
		wordsMatch: terms.map((term) => `${quote(term)}*`).join(' '),
		cjk: CJK.test(text) ? substringQuery(terms) : null
	};
}

/**
 * Terms of three characters or more go to the trigram index; shorter ones (a single "海", "月光")
 * become LIKE patterns, checked on the matched rows, or on names alone when no term is long enough.
 */
function substringQuery(terms: string[]): NonNullable<SearchQuery['cjk']> {
	const long = terms.filter((term) => Array.from(term).length >= TRIGRAM_MIN);
	const short = terms.filter((term) => Array.from(term).length < TRIGRAM_MIN);
	return {
		gramsMatch: long.length ? long.map(quote).join(' AND ') : null,
		likePatterns: short.map((term) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
	};
}

function quote(term: string): string {
	return `"${term.replaceAll('"', '""')}"`;
}

/** Lowercase, diacritics removed, words joined by single spaces: "Moss & Static" → "moss static". */
export function comparable(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.split(/[^\p{L}\p{N}]+/u)
		.filter(Boolean)
		.join(' ');
}

/**
 * 0 when one of the names is exactly the query, 1 when one starts with it, 2 otherwise: a whole-name
 * match comes before anything bm25 says.
 */
export function nameTier(query: string, names: string[]): 0 | 1 | 2 {
	const wanted = comparable(query);
	const keys = names.map(comparable);
	if (keys.some((key) => key === wanted)) return 0;
	if (keys.some((key) => key.startsWith(wanted))) return 1;
	return 2;
}
