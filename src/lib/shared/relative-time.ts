const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
	['year', 365 * 86_400_000],
	['month', 30 * 86_400_000],
	['week', 7 * 86_400_000],
	['day', 86_400_000],
	['hour', 3_600_000],
	['minute', 60_000]
];

const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "just now", "5 minutes ago", "yesterday", "3 weeks ago": `at` seen from `now` (epoch ms). */
export function relativeTime(at: number, now: number): string {
	const diff = at - now;
	for (const [unit, ms] of UNITS) {
		if (Math.abs(diff) >= ms) return format.format(Math.trunc(diff / ms), unit);
	}
	return 'just now';
}
