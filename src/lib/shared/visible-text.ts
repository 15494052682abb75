import { z } from 'zod';

/**
 * Names and titles people read (display names, artist names, release and track titles, descriptions,
 * bios; titles the worker takes from file tags) must look like what they are. Invisible characters
 * that disguise text are removed; real text in every script stays exactly as typed.
 *
 * Removed: every format control (Unicode category Cf): bidi embeddings, overrides and isolates
 * (U+202A–202E, U+2066–2069), marks (U+200E/F, U+061C), zero-width space and no-break space
 * (U+200B, U+FEFF), word joiner and invisible operators (U+2060–2064), soft hyphen, interlinear
 * annotation and the like; and the Hangul filler letters (U+115F, U+1160, U+3164, U+FFA0) that make
 * names look blank. C0/C1 controls become spaces (a tab or newline in a name is a space).
 *
 * Kept, because real text needs them:
 * - ZWJ (U+200D) inside an emoji sequence (👩‍💻, 🏳️‍🌈): between two pictographs;
 * - ZWNJ and ZWJ (U+200C/D) after a letter of a script that uses them (Persian "می‌خواهم",
 *   Devanagari and other Indic conjuncts, Malayalam chillus, Arabic, Syriac …) unless a Latin, Greek
 *   or Cyrillic letter follows; never between Latin letters, where they only hide one word in another;
 * - tag characters (U+E0020–E007F) inside a subdivision flag (🏴 + tags + cancel tag);
 * - combining marks, variation selectors (emoji presentation), Arabic, Hebrew, CJK, everything else.
 */

const JOINER_SCRIPTS =
	/[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Nko}\p{Script=Mongolian}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const ALPHABETIC_AFTER = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;
/** An emoji (or what may precede a ZWJ in one: a skin tone, the emoji variation selector). */
const EMOJI_BEFORE = /[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}]/u;
const EMOJI_PRESENTATION = '\uFE0F';
const EMOJI_AFTER = /\p{Extended_Pictographic}/u;
const FLAG_TAGS = /\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}/u;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
/** The same, with the line breaks and tabs a multi-line text (a bio, a description) keeps. */
// eslint-disable-next-line no-control-regex
const CONTROLS_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;
const FILLERS = /[\u115f\u1160\u3164\uffa0]/g;

/** The text without its disguising invisible characters (not trimmed). */
export function stripInvisible(text: string, options: { multiline?: boolean } = {}): string {
	const spaced = options.multiline
		? text.replace(/\r\n?/g, '\n').replace(CONTROLS_BUT_LINES, ' ')
		: text.replace(CONTROLS, ' ');
	const chars = Array.from(spaced.replace(FILLERS, ''));
	let out = '';
	for (let i = 0; i < chars.length; i++) {
		const char = chars[i]!;
		// A subdivision flag: keep the whole sequence of tags.
		if (char === '\u{1F3F4}') {
			const rest = chars.slice(i).join('');
			const flag = FLAG_TAGS.exec(rest);
			if (flag && flag.index === 0) {
				out += flag[0];
				i += Array.from(flag[0]).length - 1;
				continue;
			}
		}
		if (!/\p{Cf}/u.test(char)) {
			out += char;
			continue;
		}
		if (char === '\u200d' || char === '\u200c') {
			const before = Array.from(out).at(-1) ?? '';
			const after = chars[i + 1] ?? '';
			// After a letter of such a script, unless a Latin/Greek/Cyrillic letter follows (a chillu ends a word).
			const inScript = JOINER_SCRIPTS.test(before) && !ALPHABETIC_AFTER.test(after);
			const inEmoji =
				char === '\u200d' &&
				(before === EMOJI_PRESENTATION || EMOJI_BEFORE.test(before)) &&
				EMOJI_AFTER.test(after);
			if (inScript || inEmoji) out += char;
		}
		// every other format character is dropped
	}
	return out;
}

/**
 * The one schema piece for a visible name or title: a string, trimmed and stripped of invisible
 * controls, then the caller's length rules. `required` is the message for an empty value.
 */
export function visibleText(options: {
	required?: string;
	max: number;
	tooLong: string;
	/** Keeps line breaks and tabs (bios, descriptions). */
	multiline?: boolean;
}) {
	const base = z
		.string(options.required ? { error: options.required } : undefined)
		.transform((value) => stripInvisible(value, { multiline: options.multiline }).trim());
	const checked = options.required
		? z.string().min(1, { error: options.required }).max(options.max, { error: options.tooLong })
		: z.string().max(options.max, { error: options.tooLong });
	return base.pipe(checked);
}
