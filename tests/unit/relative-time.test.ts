import { expect, it } from 'vitest';
import { relativeTime } from '../../src/lib/shared/relative-time';

it('says how long ago, in the largest whole unit', () => {
	const now = Date.UTC(2026, 10, 22, 12);
	expect(relativeTime(now - 20_000, now)).toBe('just now');
	expect(relativeTime(now - 5 * 60_000, now)).toBe('5 minutes ago');
	expect(relativeTime(now - 3 * 3_600_000, now)).toBe('3 hours ago');
	expect(relativeTime(now - 30 * 3_600_000, now)).toBe('yesterday');
	expect(relativeTime(now - 15 * 86_400_000, now)).toBe('2 weeks ago');
	expect(relativeTime(now - 400 * 86_400_000, now)).toBe('last year');
});
