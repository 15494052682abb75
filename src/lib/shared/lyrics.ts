/**
 * Lyrics, plain or time-synced (LRC). The text is stored as written; this parser reads it for the
 * track page and the player. LRC rules kept here:
 * - a line starts with one or more stamps `[mm:ss]`, `[mm:ss.x]`, `[mm:ss.xx]`, `[mm:ss.xxx]` (or `:`
 *   before the fraction); each stamp makes its own line with the same text;
 * - `[offset:±ms]` shifts every stamp (positive: lines come sooner, as in the LRC convention);
 * - metadata lines (`[ar:…]`, `[ti:…]`, `[al:…]`, `[by:…]`, `[length:…]`, `[re:…]`, `[ve:…]`, `[#…]`)
 *   are ignored; word stamps of enhanced LRC (`<mm:ss.xx>`) are dropped from the text;
 * - any other line (no stamp, or a malformed one) is kept as plain text, right after the timed line
 *   before it.
 * Lyrics with no timed line at all are plain.
 */
export const MAX_LYRICS_CHARS = 20_000;
const MAX_LINES = 2_000;

export interface LyricLine {
	/** Seconds into the track; null for a line without a time. */
	time: number | null;
	text: string;
}

export interface ParsedLyrics {
	synced: boolean;
	lines: LyricLine[];
}

const STAMP = /^\[(\d{1,3}):(\d{1,2})(?:[.:](\d{1,3}))?\]/;
const TAG = /^\[(?:([a-z]+):(.*)|#.*)\]\s*$/i;
const WORD_STAMP = /<\d{1,3}:\d{1,2}(?:[.:]\d{1,3})?>/g;

function stampSeconds(minutes: string, seconds: string, fraction: string | undefined): number | null {
	const s = Number(seconds);
	if (s >= 60) return null;
	const frac = fraction ? Number(fraction) / 10 ** fraction.length : 0;
	return Number(minutes) * 60 + s + frac;
}

export function parseLyrics(raw: string): ParsedLyrics {
	const source = raw.replace(/\r\n?/g, '\n').slice(0, MAX_LYRICS_CHARS);
	let offsetSeconds = 0;
	// Each entry: the time it sorts by, and whether it is a line of its own (timed) or follows one.
	const entries: Array<{ sort: number; order: number; line: LyricLine }> = [];
	let lastTime = -1;
	let order = 0;
	for (const rawLine of source.split('\n').slice(0, MAX_LINES)) {
		const line = rawLine.trim();
		const times: number[] = [];
		let rest = line;
		for (let match = STAMP.exec(rest); match; match = STAMP.exec(rest)) {
			const time = stampSeconds(match[1], match[2], match[3]);
			if (time === null) break;
			times.push(time);
			rest = rest.slice(match[0].length).trimStart();
		}
		if (times.length === 0) {
			const tag = TAG.exec(line);
			if (tag) {
				if (tag[1]?.toLowerCase() === 'offset') {
					const ms = Number(tag[2].trim());
					if (Number.isFinite(ms)) offsetSeconds = ms / 1000;
				}
				continue;
			}
			entries.push({ sort: lastTime, order: order++, line: { time: null, text: line } });
			continue;
		}
		const text = rest.replace(WORD_STAMP, '').trim();
		for (const time of times) {
			entries.push({ sort: time, order: order++, line: { time, text } });
			lastTime = time;
		}
	}
	const synced = entries.some((entry) => entry.line.time !== null);
	if (!synced) return { synced: false, lines: trimBlank(entries.map((entry) => entry.line)) };
	entries.sort((a, b) => a.sort - b.sort || a.order - b.order);
	const lines = entries.map(({ line }) =>
		line.time === null ? line : { ...line, time: Math.max(0, round(line.time - offsetSeconds)) }
	);
	return { synced: true, lines: trimBlank(lines) };
}

function round(seconds: number): number {
	return Math.round(seconds * 1000) / 1000;
}

/** Leading and trailing blank lines go; blank lines inside (stanza breaks) stay. */
function trimBlank(lines: LyricLine[]): LyricLine[] {
	let start = 0;
	let end = lines.length;
	while (start < end && lines[start].text === '' && lines[start].time === null) start++;
	while (end > start && lines[end - 1].text === '' && lines[end - 1].time === null) end--;
	return lines.slice(start, end);
}

/** The index of the line being sung at `position` seconds: the last timed line at or before it; -1 before the first. */
export function currentLineIndex(lines: LyricLine[], position: number): number {
	let found = -1;
	for (let i = 0; i < lines.length; i++) {
		const time = lines[i].time;
		if (time === null) continue;
		if (time > position) break;
		found = i;
	}
	return found;
}

/** Whether text reads as synced LRC. */
export function isSyncedLyrics(raw: string): boolean {
	return parseLyrics(raw).synced;
}

// eslint-disable-next-line no-control-regex
const LYRIC_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Control characters other than line breaks and tabs go, and bidi overrides; the rest stays as written. */
export function cleanLyrics(raw: string): string {
	return raw
		.slice(0, MAX_LYRICS_CHARS * 2)
		.normalize('NFC')
		.replace(/\r\n?/g, '\n')
		.replace(LYRIC_CONTROLS, '')
		.slice(0, MAX_LYRICS_CHARS)
		.trim();
}
