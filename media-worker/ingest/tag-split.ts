import {
	MAX_CREDIT_DETAIL,
	MAX_TRACK_ARTISTS,
	MAX_TRACK_CREDITS,
	type CreditRole,
	type TrackCredit
} from '../../src/lib/shared/credits';
import type { TagCredits } from '../../src/lib/server/catalog/track-pipeline-repository';
import { cleanLyrics, isSyncedLyrics } from '../../src/lib/shared/lyrics';
import { cleanTitle } from './tags';

/**
 * Multi-value tags, split conservatively. A tag names several people only where its format says so:
 * - `;` (how ffmpeg joins repeated Vorbis comments such as two ARTIST fields), NUL (ID3v2.4's list
 *   separator) and ` / ` with spaces around it separate names;
 * - ` feat. `, ` ft. `, ` featuring ` (also in brackets: "A (feat. B)") start the featured artists;
 * - `&`, `and`, `x`, `,` and a `/` without spaces never split: "Simon & Garfunkel", "Earth, Wind &
 *   Fire" and "AC/DC" are one act each. An artist who meant two can fix it in the studio.
 * Genres are different: "Rock, Pop" and "Hip-Hop/Rap" are lists, so they also split on `,` and any `/`.
 */
// eslint-disable-next-line no-control-regex
const NAME_SEPARATORS = /\s*;\s*|\s+\/\s+|\u0000/;
const FEATURING = /\s*[([]?\s*(?<![\p{L}\p{N}])(?:feat\.?|ft\.?|featuring)\s+/iu;
// eslint-disable-next-line no-control-regex
const GENRE_SEPARATORS = /\s*[;,/\u0000]\s*/;
const MAX_GENRE_CHARS = 40;
const MAX_GENRES = 10;

/** Distinct names (compared without case), cleaned like titles, in the order written. */
export function splitNames(raw: string | undefined, max = MAX_TRACK_ARTISTS): string[] {
	if (!raw) return [];
	const seen = new Set<string>();
	const names: string[] = [];
	for (const part of raw.split(NAME_SEPARATORS)) {
		const name = cleanTitle(part);
		if (!name || seen.has(name.toLowerCase())) continue;
		seen.add(name.toLowerCase());
		names.push(name);
		if (names.length >= max) break;
	}
	return names;
}

/** "A feat. B; C" → main [A], featured [B, C]; "A; B" → main [A, B]. */
export function splitArtistTag(raw: string | undefined): { main: string[]; featured: string[] } {
	if (!raw) return { main: [], featured: [] };
	const match = FEATURING.exec(raw);
	if (!match || match.index === 0) return { main: splitNames(raw), featured: [] };
	const before = raw.slice(0, match.index);
	const after = raw.slice(match.index + match[0].length).replace(/\s*[)\]]\s*$/, '');
	const main = splitNames(before);
	const featured = splitNames(after).filter((name) => !main.includes(name));
	return { main, featured };
}

/** "Rock;Pop", "Rock / Pop", "Rock, Pop" → ["rock", "pop"]: lower-case, at most 10 of 40 characters. */
export function splitGenres(raw: string | undefined): string[] {
	if (!raw) return [];
	const genres = raw
		.split(GENRE_SEPARATORS)
		.map((part) => cleanTitle(part)?.toLowerCase() ?? '')
		.filter((genre) => genre && Array.from(genre).length <= MAX_GENRE_CHARS);
	return [...new Set(genres)].slice(0, MAX_GENRES);
}

/** "Name (guitar)" → { name: "Name", detail: "guitar" } (the Vorbis PERFORMER convention). */
export function splitPerformer(raw: string): { name: string; detail: string } | null {
	const match = /^(.*\S)\s*\(([^()]{1,80})\)$/.exec(raw);
	const name = cleanTitle(match ? match[1] : raw);
	if (!name) return null;
	const detail = match ? (cleanTitle(match[2]) ?? '') : '';
	return { name, detail: Array.from(detail).slice(0, MAX_CREDIT_DETAIL).join('') };
}

/** Tag keys (lower-cased, as the probe gives them) that carry credits, with their role. */
const CREDIT_TAGS: Array<{ key: string; role: CreditRole; detail?: string }> = [
	{ key: 'composer', role: 'composer' },
	{ key: 'lyricist', role: 'lyricist' },
	{ key: 'writer', role: 'lyricist' },
	{ key: 'producer', role: 'producer' },
	{ key: 'performer', role: 'performer' },
	{ key: 'mixer', role: 'mixing' },
	{ key: 'mixed by', role: 'mixing' },
	{ key: 'mastering', role: 'mastering' },
	{ key: 'mastered by', role: 'mastering' },
	{ key: 'engineer', role: 'other', detail: 'Engineer' },
	{ key: 'arranger', role: 'other', detail: 'Arranger' },
	{ key: 'conductor', role: 'other', detail: 'Conductor' }
];

/** Credits by role from a file's tags, in a fixed role order; names kept as written. */
export function creditsFromTags(tags: Record<string, string>): Array<Omit<TrackCredit, 'handle'>> {
	const credits: Array<Omit<TrackCredit, 'handle'>> = [];
	const seen = new Set<string>();
	for (const { key, role, detail } of CREDIT_TAGS) {
		const value = Object.hasOwn(tags, key) ? tags[key] : undefined;
		for (const part of splitNames(value, MAX_TRACK_CREDITS)) {
			const credit =
				role === 'performer'
					? { role, ...(splitPerformer(part) ?? { name: part, detail: '' }) }
					: { role, name: part, detail: detail ?? '' };
			const id = `${credit.role}\u0000${credit.detail}\u0000${credit.name.toLowerCase()}`;
			if (seen.has(id)) continue;
			seen.add(id);
			credits.push(credit);
		}
	}
	return credits.slice(0, MAX_TRACK_CREDITS);
}

/**
 * Lyrics from a file's tags: FLAC/Vorbis LYRICS or UNSYNCEDLYRICS, an ID3 USLT frame (ffprobe calls
 * it `lyrics-<language>`, e.g. `lyrics-eng`), or a TXXX named lyrics. SYLT (ID3's synced lyrics) is
 * not shown by ffprobe 5.1, so synced lyrics come in as LRC text inside one of these. Control
 * characters other than line breaks and tabs are removed; the text is otherwise kept as written.
 */
export function lyricsFromTags(tags: Record<string, string>): string | null {
	const keys = Object.keys(tags);
	const ordered = [
		'lyrics',
		'unsyncedlyrics',
		...keys.filter((key) => /^lyrics-[a-z]{3}(?:-.*)?$/.test(key)).sort(),
		'syncedlyrics'
	];
	for (const key of ordered) {
		const value = Object.hasOwn(tags, key) ? tags[key] : undefined;
		const text = value ? cleanLyrics(value) : '';
		if (text) return text;
	}
	return null;
}

/** Everything the tags say about who made a track, for the pipeline's `prefillCredits`. */
export function tagCredits(tags: Record<string, string>): TagCredits {
	const { main, featured } = splitArtistTag(Object.hasOwn(tags, 'artist') ? tags.artist : undefined);
	const lyrics = lyricsFromTags(tags);
	return {
		main,
		featured,
		credits: creditsFromTags(tags),
		lyrics: lyrics ? { text: lyrics, synced: isSyncedLyrics(lyrics) } : null,
		genres: splitGenres(Object.hasOwn(tags, 'genre') ? tags.genre : undefined)
	};
}
