import { describe, expect, it } from 'vitest';
import { safeRedirectTarget } from '../../src/lib/server/http/safe-redirect';
import { redirectCases } from './redirect-targets';

const ORIGIN = 'https://music.example.org';

describe('safeRedirectTarget: a redirect target is a path on this site, or the fallback', () => {
	it.each(redirectCases(ORIGIN).map((c) => [c.name, c] as const))('%s', (_, { next, expected }) => {
		expect(safeRedirectTarget(next, ORIGIN, '/fallback')).toBe(expected ?? '/fallback');
	});

	it.each([null, undefined, 42, ['/account']])('refuses a non-string (%j)', (next) => {
		expect(safeRedirectTarget(next, ORIGIN, '/fallback')).toBe('/fallback');
	});

	it('every kept answer is a header-safe local path', () => {
		for (const { next } of redirectCases(ORIGIN)) {
			expect(safeRedirectTarget(next, ORIGIN)).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
		}
	});
});
