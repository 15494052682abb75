import { describe, expect, it } from 'vitest';
import { trackSummary } from '../../src/lib/studio/format';

describe('trackSummary: a release’s tracks in a few words, failures always named', () => {
	it.each([
		[0, 0, 0, 'No tracks yet'],
		[1, 0, 0, '0 of 1 track ready'],
		[3, 3, 0, '3 of 3 tracks ready'],
		[1, 0, 1, '1 failed'],
		[2, 0, 2, '2 failed'],
		[3, 2, 1, '2 of 3 tracks ready · 1 failed'],
		[2, 0, 1, '0 of 2 tracks ready · 1 failed']
	])('%d tracks, %d ready, %d failed → %s', (trackCount, readyCount, failedCount, text) => {
		expect(trackSummary({ trackCount, readyCount, failedCount })).toBe(text);
	});
});
