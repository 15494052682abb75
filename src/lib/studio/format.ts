import type { ReleaseStatus, ReleaseType } from '$lib/shared/catalog';
import { countText } from '../shared/count-text';

/** 3:07, or 1:02:05 past an hour (rounded to the nearest second). */
export { formatLength as formatDuration } from '../player/format';

export const RELEASE_TYPE_LABELS: Record<ReleaseType, string> = {
	album: 'Album',
	ep: 'EP',
	single: 'Single'
};

/** Integrated loudness with a real minus sign, so screen readers say "minus". */
export function formatLoudness(lufs: number): string {
	const value = Math.abs(lufs).toFixed(1);
	return `${lufs < 0 ? '−' : ''}${value} LUFS`;
}

export function formatBytes(bytes: number): string {
	if (bytes <= 0) return '0 MB';
	const mb = bytes / (1024 * 1024);
	if (mb >= 1024) return `${(mb / 1024).toFixed(1)} GB`;
	if (mb >= 10) return `${Math.round(mb)} MB`;
	if (mb >= 0.1) return `${mb.toFixed(1)} MB`;
	return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** A YYYY-MM-DD release date as words; read as UTC so it never shifts a day with the viewer's zone. */
export function formatReleaseDate(date: string): string {
	const parsed = new Date(`${date}T00:00:00Z`);
	if (Number.isNaN(parsed.getTime())) return date;
	return parsed.toLocaleDateString('en-GB', { dateStyle: 'long', timeZone: 'UTC' });
}

export function trackCountText(count: number): string {
	return countText(count, 'track', 'tracks');
}

/**
 * A release's tracks in a few words: "No tracks yet", "2 of 3 tracks ready", and a failure always
 * named: "1 failed" when nothing else is left, else "1 of 3 tracks ready · 1 failed".
 */
export function trackSummary(counts: {
	trackCount: number;
	readyCount: number;
	failedCount: number;
}): string {
	const { trackCount, readyCount, failedCount } = counts;
	if (trackCount === 0) return 'No tracks yet';
	const ready = `${readyCount} of ${trackCount} ${trackCount === 1 ? 'track' : 'tracks'} ready`;
	if (failedCount === 0) return ready;
	if (readyCount === 0 && failedCount === trackCount) return `${failedCount} failed`;
	return `${ready} · ${failedCount} failed`;
}

/** What a release's status means right now: a scheduled release whose moment passed is published. */
export function effectiveStatus(
	status: ReleaseStatus,
	publishAt: number | null,
	now: number
): { label: 'Draft' | 'Scheduled' | 'Published'; at: number | null } {
	if (status === 'draft') return { label: 'Draft', at: null };
	if (status === 'scheduled' && publishAt !== null && publishAt > now)
		return { label: 'Scheduled', at: publishAt };
	return { label: 'Published', at: publishAt };
}

/**
 * A datetime-local value ("2026-11-22T18:30") as an ISO instant. In the browser the value is the
 * artist's own wall-clock time; the server, which cannot know their zone, reads it as UTC.
 */
export function localInputToIso(value: string, asUtc = false): string | null {
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
	const parsed = new Date(asUtc ? `${value}Z` : value);
	return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
}

/** Fewer points for drawing: the loudest peak of each bucket, so short transients stay visible. */
export function downsamplePeaks(peaks: readonly number[], points: number): number[] {
	if (peaks.length <= points) return peaks.map((p) => round(p));
	const out: number[] = [];
	const size = peaks.length / points;
	for (let i = 0; i < points; i++) {
		let loudest = 0;
		for (let j = Math.floor(i * size); j < Math.floor((i + 1) * size); j++)
			loudest = Math.max(loudest, peaks[j]);
		out.push(round(loudest));
	}
	return out;
}

function round(value: number): number {
	return Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
}
