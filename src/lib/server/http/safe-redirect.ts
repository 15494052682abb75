/**
 * The one rule for redirecting to a target a visitor chose (`?next=`): it must be a place on this
 * site. Anything doubtful falls back, because a browser's URL parser forgives more than a string
 * check sees: it drops tabs and newlines, turns `\` into `/`, and a `//` start means another host.
 *
 * Refused, in the raw value and in every percent-decoded layer of it (double encoding included):
 * control characters, backslashes, a scheme-relative start (`//`), invisible format characters, and
 * Unicode look-alikes of `/`, `\` and `.` (fullwidth solidus, division slash …). What is left is
 * parsed against the site's origin and must have that origin; the answer is a path (with its query
 * and fragment) that a Location header can carry as it is.
 */

const MAX_TARGET_LENGTH = 2048;
/** Percent-decoding rounds checked: enough for any double or triple encoding; more is refused. */
const MAX_DECODE_ROUNDS = 4;

/** C0/C1 controls, DEL, backslash, and characters that are invisible or separate lines. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\\\p{Cf}\p{Zl}\p{Zp}]/u;
/** Characters a reader (or a lenient parser) takes for `/`, `\`, `.` or `:`; NFKC maps some, not all. */
const LOOK_ALIKES =
	/[\u2044\u2215\u2216\u2571\u2572\u29f5\u29f8\u29f9\u3033\u3035\ufe68\uff0f\uff3c\u2024\u2025\u3002\uff0e\ufe52\uff61\ufe13\ufe55\uff1a\u0589\u2236]/u;

function refusedLayer(layer: string): boolean {
	if (FORBIDDEN.test(layer) || LOOK_ALIKES.test(layer)) return true;
	// Compatibility forms that fold into ASCII punctuation (e.g. U+FF0F → "/") are look-alikes too.
	if (countPunctuation(layer.normalize('NFKC')) !== countPunctuation(layer)) return true;
	// `//host` and `/\host` (the backslash is caught above) leave the site.
	return /^\s*[/]{2}/.test(layer);
}

function countPunctuation(text: string): number {
	return (text.match(/[/\\.:@]/g) ?? []).length;
}

/**
 * `next` as a path on `origin`, or `fallback`. `origin` is the site's configured origin
 * (e.g. https://music.example.org); `fallback` must itself be a local path.
 */
export function safeRedirectTarget(next: unknown, origin: string, fallback = '/'): string {
	if (typeof next !== 'string' || next === '' || next.length > MAX_TARGET_LENGTH) return fallback;
	// A path, or a full http(s) URL; relative forms ("evil.example", "https:evil.example") are not ours to guess.
	if (!next.startsWith('/') && !/^https?:\/\//i.test(next)) return fallback;
	let layer = next;
	for (let round = 0; ; round++) {
		if (refusedLayer(layer)) return fallback;
		let decoded: string;
		try {
			decoded = decodeURIComponent(layer);
		} catch {
			return fallback; // a stray "%" that is not an escape: not something we wrote
		}
		if (decoded === layer) break;
		if (round === MAX_DECODE_ROUNDS) return fallback;
		layer = decoded;
	}
	let site: URL;
	let target: URL;
	try {
		site = new URL(origin);
		target = new URL(next, site);
	} catch {
		return fallback;
	}
	if (target.origin !== site.origin) return fallback;
	const path = target.pathname + target.search + target.hash;
	// The serialised URL is ASCII with everything else escaped; anything else is not a safe header value.
	return /^\/(?![/\\])[\x21-\x7e]*$/.test(path) ? path : fallback;
}
