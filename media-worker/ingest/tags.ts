import { stripInvisible } from '../../src/lib/shared/visible-text';

/**
 * Tag values prefill what the artist would otherwise type. They are untrusted text: a tag may hold
 * markup, a megabyte, NUL bytes or bidi overrides. They are stored as plain text (the UI escapes on
 * output); here they are only made tidy and bounded.
 */
export const MAX_TITLE_CHARS = 200;
export const MAX_POSITION = 999;

/** A display title, or null when nothing printable is left. Counted in characters, never splitting one. */
export function cleanTitle(raw: string | undefined): string | null {
	if (!raw) return null;
	// Bound the work first: a 1 MB tag need not be normalised whole to keep 200 characters of it.
	const bounded = Array.from(raw.slice(0, MAX_TITLE_CHARS * 8))
		.slice(0, MAX_TITLE_CHARS * 4)
		.join('');
	const text = bounded.normalize('NFC');
	// The same rule as every name and title people type: controls, bidi overrides, zero-width characters out.
	const visible = stripInvisible(text).replace(/\s+/g, ' ').trim();
	const title = Array.from(visible).slice(0, MAX_TITLE_CHARS).join('').trim();
	return title || null;
}

/** "3", "03", "3/12" → 3; anything else (or 0, or absurdly high) → null. */
export function trackNumber(raw: string | undefined): number | null {
	const match = /^\s*(\d{1,4})\s*(?:\/\s*\d{1,4}\s*)?$/.exec(raw ?? '');
	if (!match) return null;
	const number = Number(match[1]);
	return number >= 1 && number <= MAX_POSITION ? number : null;
}
