/**
 * Range and conditional-request rules for the media route (RFC 9110 §13–14), as pure functions.
 * One range per request: players ask for one, and a multi-range request is answered with the whole
 * file, which the RFC allows.
 */
export type RangeOutcome =
	{ kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes=[ \t]*(\d*)-(\d*)[ \t]*$/;

export function parseRange(header: string | undefined, size: number): RangeOutcome {
	if (!header) return { kind: 'full' };
	const match = SINGLE_RANGE.exec(header);
	// Other units, several ranges or bad syntax: ignored, the whole file is sent.
	if (!match) return { kind: 'full' };
	const [, first, last] = match;
	if (first === '' && last === '') return { kind: 'full' };
	if (first === '') {
		// A suffix: the last N bytes.
		const length = Number(last);
		if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
		return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 };
	}
	const start = Number(first);
	const end = last === '' ? Infinity : Number(last);
	if (end < start) return { kind: 'full' };
	if (start >= size) return { kind: 'unsatisfiable' };
	return { kind: 'partial', start, end: Math.min(end, size - 1) };
}

/** If-None-Match: true when one of the listed tags matches (weak comparison, as the RFC asks). */
export function etagMatches(header: string | undefined, etag: string): boolean {
	if (!header) return false;
	if (header.trim() === '*') return true;
	const bare = etag.replace(/^W\//, '');
	return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === bare);
}

/** If-Modified-Since, used only without If-None-Match: the file is not newer than the date given. */
export function notModifiedSince(header: string | undefined, mtimeMs: number): boolean {
	if (!header) return false;
	const since = Date.parse(header);
	return Number.isFinite(since) && Math.floor(mtimeMs / 1000) * 1000 <= since;
}

/** If-Range: a range applies only while the validator still matches (strong comparison). */
export function ifRangeAllows(header: string | undefined, etag: string, lastModified: string): boolean {
	if (!header) return true;
	const value = header.trim();
	if (value.startsWith('"') || value.startsWith('W/')) return value === etag && !etag.startsWith('W/');
	return value === lastModified;
}
