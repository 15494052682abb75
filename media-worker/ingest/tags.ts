/**
 * Tag values prefill what the artist would otherwise type. They are untrusted text: a tag may hold
 * markup, a megabyte, NUL bytes or bidi overrides. They are stored as plain text (the UI escapes on
 * output); here they are only made tidy and bounded.
 */
export const MAX_TITLE_CHARS = 200;
export const MAX_POSITION = 999;

// C0 and C1 controls (NUL included) and DEL.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
/** Bidi embeddings, overrides and isolates, which can make a title display as something else. */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Invisible characters with no business in a title (the zero-width joiner stays: emoji need it). */
const INVISIBLES = /[\u200b\ufeff]/g;

/** A display title, or null when nothing printable is left. Counted in characters, never splitting one. */
export function cleanTitle(raw: string | undefined): string | null {
	if (!raw) return null;
	// Bound the work first: a 1 MB tag need not be normalised whole to keep 200 characters of it.
	const bounded = Array.from(raw.slice(0, MAX_TITLE_CHARS * 8))
		.slice(0, MAX_TITLE_CHARS * 4)
		.join('');
	const text = bounded
		.normalize('NFC')
		.replace(CONTROLS, ' ')
		.replace(BIDI_CONTROLS, '')
		.replace(INVISIBLES, '')
		.replace(/\s+/g, ' ')
		.trim();
	const title = Array.from(text).slice(0, MAX_TITLE_CHARS).join('').trim();
	return title || null;
}

/** "3", "03", "3/12" → 3; anything else (or 0, or absurdly high) → null. */
export function trackNumber(raw: string | undefined): number | null {
	const match = /^\s*(\d{1,4})\s*(?:\/\s*\d{1,4}\s*)?$/.exec(raw ?? '');
	if (!match) return null;
	const number = Number(match[1]);
	return number >= 1 && number <= MAX_POSITION ? number : null;
}
