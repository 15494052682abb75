/**
 * An uploaded file's original name, made safe to show: it is only ever display text (storage names are
 * generated), but it still must not smuggle a path, invisible controls, or right-to-left overrides that
 * make "song[U+202E]3pm.exe" read as "songexe.mp3". HTML escaping is left to the renderer (Svelte escapes
 * text), so the result is not entity-encoded.
 */

export const MAX_DISPLAY_NAME_LENGTH = 200;
const FALLBACK = 'untitled';
/** Extensions longer than this are more likely part of the title than a file type. */
const MAX_EXTENSION_LENGTH = 12;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// C0/C1 controls (NUL included), bidi embeddings/overrides/isolates, and the BOM.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function safeDisplayName(original: string): string {
	const cleaned = original.replace(LONE_SURROGATE, '\ufffd').replace(INVISIBLE, '').normalize('NFC');
	const lastPart = cleaned
		.split(/[/\\]/)
		.map((part) => part.replace(/\s+/g, ' ').trim())
		.filter((part) => part !== '' && part !== '.' && part !== '..')
		.pop();
	return lastPart ? truncateKeepingExtension(lastPart) : FALLBACK;
}

function truncateKeepingExtension(name: string): string {
	// Count code points, not UTF-16 units, so an emoji is never cut in half.
	const chars = Array.from(name);
	if (chars.length <= MAX_DISPLAY_NAME_LENGTH) return name;
	const extension = new RegExp(`\\.[^.\\s]{1,${MAX_EXTENSION_LENGTH}}$`).exec(name)?.[0] ?? '';
	const stemLength = MAX_DISPLAY_NAME_LENGTH - Array.from(extension).length - 1;
	return `${chars.slice(0, stemLength).join('').trimEnd()}…${extension}`;
}
