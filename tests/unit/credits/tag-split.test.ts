import { describe, expect, it } from 'vitest';
import {
	creditsFromTags,
	lyricsFromTags,
	splitArtistTag,
	splitGenres,
	splitNames,
	splitPerformer
} from '../../../media-worker/ingest/tag-split';

describe('splitArtistTag', () => {
	it('splits featured artists off after feat., ft. and featuring, also in brackets', () => {
		expect(splitArtistTag('Moss feat. Static')).toEqual({ main: ['Moss'], featured: ['Static'] });
		expect(splitArtistTag('Moss ft. Static')).toEqual({ main: ['Moss'], featured: ['Static'] });
		expect(splitArtistTag('Moss Featuring Static; Drift')).toEqual({
			main: ['Moss'],
			featured: ['Static', 'Drift']
		});
		expect(splitArtistTag('Moss (feat. Static)')).toEqual({ main: ['Moss'], featured: ['Static'] });
		expect(splitArtistTag('Moss [ft Static]')).toEqual({ main: ['Moss'], featured: ['Static'] });
	});

	it('splits several main artists on ; and on a spaced slash', () => {
		expect(splitArtistTag('A;B')).toEqual({ main: ['A', 'B'], featured: [] });
		expect(splitArtistTag('A / B feat. C')).toEqual({ main: ['A', 'B'], featured: ['C'] });
	});

	it('keeps acts whose names hold &, commas, "and" or an unspaced slash', () => {
		for (const act of ['Simon & Garfunkel', 'Earth, Wind & Fire', 'AC/DC', 'Hall and Oates']) {
			expect(splitArtistTag(act)).toEqual({ main: [act], featured: [] });
		}
		expect(splitArtistTag('Simon & Garfunkel feat. Earth, Wind & Fire')).toEqual({
			main: ['Simon & Garfunkel'],
			featured: ['Earth, Wind & Fire']
		});
	});

	it('does not see "ft" inside a word, nor a leading feat. as a split', () => {
		expect(splitArtistTag('Daft Punk')).toEqual({ main: ['Daft Punk'], featured: [] });
		expect(splitArtistTag('Soft Cell')).toEqual({ main: ['Soft Cell'], featured: [] });
		expect(splitArtistTag('Feat. Nobody')).toEqual({ main: ['Feat. Nobody'], featured: [] });
	});

	it('keeps Arabic and Chinese names exactly as written', () => {
		expect(splitArtistTag('فيروز feat. 王菲')).toEqual({ main: ['فيروز'], featured: ['王菲'] });
		expect(splitArtistTag('周杰伦;費玉清')).toEqual({ main: ['周杰伦', '費玉清'], featured: [] });
	});

	it('drops duplicates, blanks and control characters', () => {
		expect(splitNames('A;;a; \u0000 ;B\u202e')).toEqual(['A', 'B']);
		expect(splitArtistTag('')).toEqual({ main: [], featured: [] });
		expect(splitArtistTag(undefined)).toEqual({ main: [], featured: [] });
	});
});

describe('splitGenres', () => {
	it('splits lists on ; , and / into lower-case genres', () => {
		expect(splitGenres('Rock;Pop')).toEqual(['rock', 'pop']);
		expect(splitGenres('Rock / Pop')).toEqual(['rock', 'pop']);
		expect(splitGenres('Hip-Hop/Rap, Jazz; jazz')).toEqual(['hip-hop', 'rap', 'jazz']);
		expect(splitGenres('Drum & Bass')).toEqual(['drum & bass']);
	});

	it('drops genres over 40 characters and keeps at most 10', () => {
		expect(splitGenres(`${'x'.repeat(41)};ok`)).toEqual(['ok']);
		expect(splitGenres(Array.from({ length: 15 }, (_, i) => `g${i}`).join(';'))).toHaveLength(10);
	});
});

describe('credits from tags', () => {
	it('reads performers with their instrument', () => {
		expect(splitPerformer('Ana (guitar)')).toEqual({ name: 'Ana', detail: 'guitar' });
		expect(splitPerformer('Ana')).toEqual({ name: 'Ana', detail: '' });
	});

	it('maps composer, lyricist, producer, performer, mixer, engineer to roles', () => {
		expect(
			creditsFromTags({
				composer: 'Comp One; Comp Two',
				lyricist: 'كاتب',
				producer: '制作人',
				performer: 'Ana (guitar); Bo (drums)',
				mixer: 'Mix',
				engineer: 'Eng',
				title: 'not a credit'
			})
		).toEqual([
			{ role: 'composer', name: 'Comp One', detail: '' },
			{ role: 'composer', name: 'Comp Two', detail: '' },
			{ role: 'lyricist', name: 'كاتب', detail: '' },
			{ role: 'producer', name: '制作人', detail: '' },
			{ role: 'performer', name: 'Ana', detail: 'guitar' },
			{ role: 'performer', name: 'Bo', detail: 'drums' },
			{ role: 'mixing', name: 'Mix', detail: '' },
			{ role: 'other', name: 'Eng', detail: 'Engineer' }
		]);
	});
});

describe('lyricsFromTags', () => {
	it('prefers LYRICS, then UNSYNCEDLYRICS, then a USLT frame (lyrics-eng)', () => {
		expect(lyricsFromTags({ lyrics: 'a', unsyncedlyrics: 'b' })).toBe('a');
		expect(lyricsFromTags({ unsyncedlyrics: 'b', 'lyrics-eng': 'c' })).toBe('b');
		expect(lyricsFromTags({ 'lyrics-eng': '[00:01.00]c\r\nd' })).toBe('[00:01.00]c\nd');
		expect(lyricsFromTags({ title: 'x' })).toBeNull();
		expect(lyricsFromTags({ lyrics: ' \u0000 ' })).toBeNull();
	});
});
