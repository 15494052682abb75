import { describe, expect, it } from 'vitest';
import {
	comparable,
	foldPunctuation,
	nameTier,
	parseSearchQuery
} from '../../src/lib/server/search/search-query';

describe('parseSearchQuery', () => {
	it('quotes every word as a prefix and drops FTS5 syntax', () => {
		expect(parseSearchQuery('Tide OR NEAR(harbour, 2) -x "y" z*')?.wordsMatch).toBe(
			'"tide"* "or"* "near"* "harbour"* "2"* "x"* "y"* "z"*'
		);
		expect(parseSearchQuery('Björk')?.wordsMatch).toBe('"björk"*');
	});

	it('returns null when nothing is left to look for', () => {
		for (const raw of ['', '   ', '"', '*', '-', '()', '🎵', '\u0000', '%_\\']) {
			expect(parseSearchQuery(raw), JSON.stringify(raw)).toBeNull();
		}
	});

	it('keeps at most 100 characters and 8 words, without splitting a character', () => {
		expect(parseSearchQuery('x'.repeat(1000))?.text).toHaveLength(100);
		expect(parseSearchQuery('a b c d e f g h i j')?.terms).toHaveLength(8);
		const emoji = parseSearchQuery(`${'😀'.repeat(99)}ab`);
		expect(Array.from(emoji!.text)).toHaveLength(100);
		expect(emoji!.terms).toEqual(['a']);
	});

	it('sends CJK terms of 3+ characters to trigrams and shorter ones to LIKE', () => {
		expect(parseSearchQuery('夏夜的月光')?.cjk).toEqual({ gramsMatch: '"夏夜的月光"', likePatterns: [] });
		expect(parseSearchQuery('月光')?.cjk).toEqual({ gramsMatch: null, likePatterns: ['%月光%'] });
		expect(parseSearchQuery('海 カフェ')?.cjk).toEqual({ gramsMatch: '"カフェ"', likePatterns: ['%海%'] });
		expect(parseSearchQuery('tide')?.cjk).toBeNull();
	});
});

describe('punctuation folding', () => {
	it('folds apostrophes, hyphens and dots of every kind inside words', () => {
		for (const raw of ["Journey's", 'Journey’s', 'Journeyʼs', 'Journey＇s', 'Journey‘s']) {
			expect(foldPunctuation(raw), raw).toBe('Journeys');
		}
		expect(foldPunctuation('B.B. King')).toBe('BB King');
		expect(foldPunctuation('Jay-Z · Well‐Worn – Live')).toBe('JayZ  WellWorn  Live');
		expect(foldPunctuation('ジョン・レノン')).toBe('ジョンレノン');
		expect(foldPunctuation('محمـد')).toBe('محمد');
		// Arabic vowel marks and Chinese text are not punctuation.
		expect(foldPunctuation('مُحَمَّد 夏夜的月光')).toBe('مُحَمَّد 夏夜的月光');
	});

	it('asks for the words as written or the folded words', () => {
		expect(parseSearchQuery("Journey's End")?.wordsMatch).toBe(
			'("journey"* "s"* "end"*) OR ("journeys"* "end"*)'
		);
		expect(parseSearchQuery('B.B.')?.wordsMatch).toBe('("b"* "b"*) OR ("bb"*)');
		expect(parseSearchQuery('journeys')?.wordsMatch).toBe('"journeys"*');
		expect(parseSearchQuery("'")).toBeNull();
	});
});

describe('name tiers', () => {
	it('compares names without case, diacritics or punctuation', () => {
		expect(comparable('Moss & Static')).toBe('moss static');
		expect(nameTier('bjork', ['Björk'])).toBe(0);
		expect(nameTier('moss static', ['Moss & Static'])).toBe(0);
		expect(nameTier('tide', ['Tidewater'])).toBe(1);
		expect(nameTier('water', ['Tidewater'])).toBe(2);
		expect(nameTier('tidewater', ['Someone', 'tidewater'])).toBe(0);
		expect(nameTier('journeys end', ['Journey’s End'])).toBe(0);
		expect(nameTier('bb king', ['B.B. King'])).toBe(0);
	});
});
