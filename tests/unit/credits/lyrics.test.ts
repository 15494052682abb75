import { describe, expect, it } from 'vitest';
import { currentLineIndex, parseLyrics } from '../../../src/lib/shared/lyrics';

describe('parseLyrics (LRC)', () => {
	it('reads [mm:ss.xx] stamps into seconds, in time order', () => {
		expect(parseLyrics('[00:12.50]Second\n[00:01.00]First\n[01:02]Third')).toEqual({
			synced: true,
			lines: [
				{ time: 1, text: 'First' },
				{ time: 12.5, text: 'Second' },
				{ time: 62, text: 'Third' }
			]
		});
	});

	it('accepts one to three fraction digits and a colon before them', () => {
		const { lines } = parseLyrics('[00:01.5]a\n[00:02.25]b\n[00:03.125]c\n[00:04:50]d');
		expect(lines.map((l) => l.time)).toEqual([1.5, 2.25, 3.125, 4.5]);
	});

	it('makes one line per stamp when a line has several', () => {
		expect(parseLyrics('[00:01.00][00:05.00]Chorus\n[00:03.00]Verse').lines).toEqual([
			{ time: 1, text: 'Chorus' },
			{ time: 3, text: 'Verse' },
			{ time: 5, text: 'Chorus' }
		]);
	});

	it('applies [offset:ms] (positive: sooner) and never goes below zero', () => {
		expect(parseLyrics('[offset:+500]\n[00:02.00]a\n[00:00.20]b').lines).toEqual([
			{ time: 0, text: 'b' },
			{ time: 1.5, text: 'a' }
		]);
		expect(parseLyrics('[offset:-1000]\n[00:02.00]a').lines).toEqual([{ time: 3, text: 'a' }]);
	});

	it('ignores metadata lines and enhanced word stamps', () => {
		const lrc =
			'[ar:Someone]\n[ti:Song]\n[al:Album]\n[by:me]\n[length:03:00]\n[#comment]\n[00:01.00]<00:01.00>Hel <00:01.50>lo';
		expect(parseLyrics(lrc).lines).toEqual([{ time: 1, text: 'Hel lo' }]);
	});

	it('keeps malformed lines as plain text after the timed line before them', () => {
		expect(parseLyrics('[00:01.00]a\n[00:99.00]bad seconds\nno stamp\n[xx]odd\n[00:02.00]b').lines).toEqual([
			{ time: 1, text: 'a' },
			{ time: null, text: '[00:99.00]bad seconds' },
			{ time: null, text: 'no stamp' },
			{ time: null, text: '[xx]odd' },
			{ time: 2, text: 'b' }
		]);
	});

	it('reads text without any stamp as plain lyrics, stanza breaks kept', () => {
		expect(parseLyrics('\nOne\r\n\r\nTwo\n\n')).toEqual({
			synced: false,
			lines: [
				{ time: null, text: 'One' },
				{ time: null, text: '' },
				{ time: null, text: 'Two' }
			]
		});
	});

	it('keeps Arabic and Chinese text as written', () => {
		expect(parseLyrics('[00:01.00]يا ليل\n[00:02.00]月亮代表我的心').lines.map((l) => l.text)).toEqual([
			'يا ليل',
			'月亮代表我的心'
		]);
	});
});

describe('currentLineIndex', () => {
	const { lines } = parseLyrics('intro\n[00:01.00]a\nplain\n[00:03.00]b\n[00:05.00]c');
	it('is the last timed line at or before the position', () => {
		expect(currentLineIndex(lines, 0.5)).toBe(-1);
		expect(currentLineIndex(lines, 1)).toBe(1);
		expect(currentLineIndex(lines, 2.9)).toBe(1);
		expect(currentLineIndex(lines, 3)).toBe(3);
		expect(currentLineIndex(lines, 100)).toBe(4);
	});
});
