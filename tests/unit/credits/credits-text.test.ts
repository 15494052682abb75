import { describe, expect, it } from 'vitest';
import { artistLineText, creditsText, releaseCreditSummary } from '../../../src/lib/shared/credits';

const account = { name: 'Moss', handle: 'moss' };

describe('credits text', () => {
	it('names the account artist when a track has no main artists of its own', () => {
		expect(artistLineText(account, [])).toBe('Moss');
		expect(
			artistLineText(account, [
				{ role: 'main', name: 'A', handle: null },
				{ role: 'main', name: 'B', handle: null },
				{ role: 'main', name: 'C', handle: null },
				{ role: 'featured', name: 'فيروز', handle: null }
			])
		).toBe('A, B & C feat. فيروز');
	});

	it('formats a release as plain text, grouped by role', () => {
		const text = creditsText({
			title: 'Tide',
			artist: account,
			releaseDate: '2026-01-02',
			tracks: [
				{
					position: 1,
					title: 'One',
					credits: {
						artists: [{ role: 'featured', name: '王菲', handle: null }],
						credits: [
							{ role: 'composer', name: 'X', detail: '', handle: null },
							{ role: 'composer', name: 'Y', detail: '', handle: null },
							{ role: 'performer', name: 'Z', detail: 'guitar', handle: null },
							{ role: 'other', name: 'W', detail: 'Arranger', handle: null }
						]
					}
				},
				{ position: 2, title: 'Two', credits: { artists: [], credits: [] } }
			]
		});
		expect(text).toBe(
			[
				'Tide',
				'by Moss',
				'Released 2026-01-02',
				'',
				'1. One — Moss feat. 王菲',
				'   Composer: X & Y',
				'   Performer (guitar): Z',
				'   Arranger: W',
				'',
				'2. Two — Moss',
				''
			].join('\n')
		);
	});

	it('summarises a release: every distinct name under each label', () => {
		const credit = (name: string) => ({ role: 'producer' as const, name, detail: '', handle: null });
		expect(
			releaseCreditSummary([
				{ artists: [{ role: 'featured', name: 'F', handle: 'f' }], credits: [credit('P')] },
				{ artists: [], credits: [credit('P'), credit('Q')] }
			])
		).toEqual([
			{ label: 'Featuring', names: [{ name: 'F', handle: 'f' }] },
			{
				label: 'Producer',
				names: [
					{ name: 'P', handle: null },
					{ name: 'Q', handle: null }
				]
			}
		]);
	});
});
