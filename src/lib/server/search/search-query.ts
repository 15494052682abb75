/**
 * Turns what a person typed into safe FTS5 queries. Raw input never reaches MATCH: it is cut into
 * words of letters, digits and marks, and each word is quoted, so FTS5 syntax (`"`, `*`, `NEAR(`,
 * `-`, `OR`, `:` …) is only ever text to look for.
 */

export const MAX_QUERY_LENGTH = 100;
const MAX_TERMS = 8;
/** The trigram tokenizer cannot match a term shorter than this. */
const TRIGRAM_MIN = 3;

/**
 * Punctuation that folds away inside words, in the index and in the query alike: apostrophes of every
 * kind ("Journey's", "Journey’s", "Journeyʼs" → "journeys"), hyphens and dashes ("Jay-Z" → "jayz"),
 * dots ("B.B." → "bb", "l·l", "ジョン・レノン") and the Arabic tatweel (a stretching stroke, not a
 * letter). drizzle/0006_studio.sql removes exactly these characters in search_documents.folded; a test
 * checks that the two lists agree. Commas, slashes and the like stay word separators.
 */
export const FOLDED_PUNCTUATION =
	"'\u2019\u2018\u201b\u02bc\u02bb\uff07`\u00b4\u2032\u02b9-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d\u05be.\uff0e\u00b7\u30fb\u2027\u0640";
const FOLDED = new RegExp(`[${FOLDED_PUNCTUATION.replace(/[-\\\]^]/g, (c) => `\\${c}`)}]`, 'gu');

/** The text with FOLDED_PUNCTUATION removed (nothing else changes). */
export function foldPunctuation(text: string): string {
	return text.replace(FOLDED, '');
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const SEPARATORS = /[^\p{L}\p{N}\p{M}]+/u;

export interface SearchQuery {
	/** The query as kept (control characters removed, at most 100 characters). */
	text: string;
	/** Lowercased words, at most 8. */
	terms: string[];
	/**
	 * For search_words (unicode61): every word as a quoted prefix, all required; when the query holds
	 * punctuation that folds, either the words as written or the folded words (the `folded` column).
	 */
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
	const words = (value: string) => value.toLowerCase().split(SEPARATORS).filter(Boolean).slice(0, MAX_TERMS);
	const terms = words(text);
	const folded = words(foldPunctuation(text));
	if (terms.length === 0 || folded.length === 0) return null;
	const allOf = (list: string[]) => list.map((term) => `${quote(term)}*`).join(' ');
	return {
		text,
		terms,
		wordsMatch:
			folded.join(' ') === terms.join(' ') ? allOf(terms) : `(${allOf(terms)}) OR (${allOf(folded)})`,
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

/**
 * Lowercase, diacritics and folding punctuation removed, words joined by single spaces:
 * "Moss & Static" → "moss static", "Journey's End" → "journeys end".
 */
export function comparable(text: string): string {
	return foldPunctuation(text.normalize('NFC'))
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
