import { describe, expect, it } from 'vitest';
import { cleanTitle } from '../../media-worker/ingest/tags';
import { signUpSchema } from '../../src/lib/shared/schemas/account';
import { artistProfileSchema } from '../../src/lib/shared/schemas/artist';
import { releaseSchema, trackEditSchema } from '../../src/lib/shared/schemas/release';
import { stripInvisible } from '../../src/lib/shared/visible-text';

/** [what, typed, kept] */
const TABLE: Array<[string, string, string]> = [
	// disguises: removed
	['right-to-left override', 'Evil\u202Egnp.exe', 'Evilgnp.exe'],
	['left-to-right override', '\u202DTide', 'Tide'],
	['embeddings and pop', '\u202AA\u202BB\u202C', 'AB'],
	['isolates', '\u2066Sea\u2067Glass\u2068!\u2069', 'SeaGlass!'],
	['left-to-right and right-to-left marks', '\u200EMaria\u200F', 'Maria'],
	['Arabic letter mark', 'a\u061Cb', 'ab'],
	['zero-width space', 'pay\u200Bpal', 'paypal'],
	['zero-width non-joiner between Latin letters', 'pay\u200Cpal', 'paypal'],
	['zero-width joiner between Latin letters', 'pay\u200Dpal', 'paypal'],
	['word joiner', 'ti\u2060de', 'tide'],
	['invisible operators', 'a\u2061b\u2062c\u2063d\u2064', 'abcd'],
	['byte order mark', '\uFEFFTidal', 'Tidal'],
	['soft hyphen', 'Ti\u00ADdal', 'Tidal'],
	['Mongolian vowel separator', 'Ti\u180Edal', 'Tidal'],
	['Hangul filler (a "blank" name)', '\u3164\u3164', ''],
	['halfwidth Hangul filler', 'x\uFFA0y', 'xy'],
	['interlinear annotation', '\uFFF9a\uFFFAb\uFFFB', 'ab'],
	['tag characters hiding text', 'Tide\u{E0068}\u{E0069}', 'Tide'],
	['a lone language tag', '\u{E0001}Tide', 'Tide'],
	['NUL and controls become spaces', 'Sea\u0000Glass\u0007', 'Sea Glass '],
	['line separator', 'Sea\u2028Glass', 'Sea Glass'],
	// real text: kept exactly
	['Arabic', 'فيروز — نسم علينا الهوى', 'فيروز — نسم علينا الهوى'],
	['Hebrew with points (combining marks)', 'שָׁלוֹם עֲלֵיכֶם', 'שָׁלוֹם עֲלֵיכֶם'],
	['Hebrew and Latin mixed', 'Ofra Haza – עפרה חזה', 'Ofra Haza – עפרה חזה'],
	['Chinese', '夏夜的月光', '夏夜的月光'],
	['Japanese', '坂本龍一 – 戦場のメリークリスマス', '坂本龍一 – 戦場のメリークリスマス'],
	['Korean', '아이유 - 밤편지', '아이유 - 밤편지'],
	['Persian with ZWNJ', 'می‌خواهم', 'می\u200Cخواهم'],
	['Hindi conjunct with ZWJ', 'क्\u200Dष', 'क्\u200Dष'],
	['Malayalam chillu with ZWJ', 'ന്\u200D', 'ന്\u200D'],
	['combining accents (decomposed)', 'Bjo\u0308rk', 'Bjo\u0308rk'],
	['Vietnamese', 'Mỹ Tâm', 'Mỹ Tâm'],
	['emoji ZWJ sequence', '👩\u200D💻 coder', '👩\u200D💻 coder'],
	['rainbow flag (VS16 + ZWJ)', '🏳\uFE0F\u200D🌈', '🏳\uFE0F\u200D🌈'],
	['skin tone + ZWJ', '👩🏽\u200D🚀', '👩🏽\u200D🚀'],
	[
		'Scotland flag (tag sequence)',
		'🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}',
		'🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}'
	],
	['keycap', '1\uFE0F\u20E3', '1\uFE0F\u20E3']
];

describe('stripInvisible: disguising characters out, real text intact', () => {
	it.each(TABLE)('%s', (_, typed, kept) => {
		expect(stripInvisible(typed)).toBe(kept);
	});

	it('multi-line texts keep their line breaks (a CRLF becomes one)', () => {
		expect(stripInvisible('one\r\ntwo\n\u202Ethree\tfour', { multiline: true })).toBe(
			'one\ntwo\nthree\tfour'
		);
	});
});

describe('every name and title schema uses it', () => {
	const disguised = 'Sea\u202E\u200BGlass';
	const arabic = 'فيروز';
	const hebrew = 'עפרה חזה';
	const cjk = '夏夜的月光';

	it.each([disguised, arabic, hebrew, cjk])('display name, artist name and bio: %j', (text) => {
		const expected = stripInvisible(text);
		expect(
			signUpSchema.parse({ displayName: text, email: 'a@example.org', password: 'x'.repeat(10) }).displayName
		).toBe(expected);
		const profile = artistProfileSchema.parse({ handle: 'seaglass', name: text, bio: `${text}\n${text}` });
		expect(profile.name).toBe(expected);
		expect(profile.bio).toBe(`${expected}\n${expected}`);
	});

	it.each([disguised, arabic, hebrew, cjk])(
		'release title, description, tags and track title: %j',
		(text) => {
			const expected = stripInvisible(text);
			const release = releaseSchema.parse({
				title: text,
				type: 'ep',
				releaseDate: '',
				description: text,
				tags: `${text}, \u200Bambient`,
				licence: 'all-rights-reserved'
			});
			expect(release.title).toBe(expected);
			expect(release.description).toBe(expected);
			expect(release.tags).toEqual([expected.toLowerCase(), 'ambient']);
			expect(trackEditSchema.parse({ title: text, position: 1 }).title).toBe(expected);
		}
	);

	it('a name made only of invisible characters is empty, and refused as such', () => {
		const result = signUpSchema.safeParse({
			displayName: '\u200B\u202E\u3164',
			email: 'a@example.org',
			password: 'x'.repeat(10)
		});
		expect(result.success).toBe(false);
		expect(result.error?.issues[0]?.message).toBe('Enter a display name.');
		expect(trackEditSchema.safeParse({ title: '\uFEFF\u2066', position: 1 }).success).toBe(false);
	});

	it('titles taken from file tags by the media worker follow the same rule', () => {
		for (const [, typed, kept] of TABLE) {
			const expected = kept.replace(/\s+/g, ' ').trim();
			expect(cleanTitle(typed.normalize('NFC'))).toBe(expected === '' ? null : expected.normalize('NFC'));
		}
	});
});
