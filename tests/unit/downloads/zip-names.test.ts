import { describe, expect, it } from 'vitest';
import { releaseCreditsText, type CreditsRelease } from '../../../src/lib/server/downloads/credits-text';
import {
	downloadVersion,
	possibleFormats,
	trackTags,
	type DownloadSnapshot,
	type SnapshotTrack
} from '../../../src/lib/server/downloads/download-snapshot';
import {
	contentDisposition,
	safeSegment,
	truncateBytes,
	zipLayout
} from '../../../src/lib/server/downloads/zip-names';

function track(title: string, overrides: Partial<SnapshotTrack> = {}): SnapshotTrack {
	return {
		id: title,
		title,
		artists: { main: ['Tide Pool'], featured: [] },
		disc: 1,
		sourceKey: `originals/${title.length}/source`,
		sourceKind: 'wav',
		sourceDemuxer: 'wav',
		sourceBytes: 1000,
		mediaKey: 'tracks/t/v1',
		lossless: true,
		durationSeconds: 61,
		...overrides
	};
}

function snapshot(tracks: SnapshotTrack[], title = 'Low Water', artistName = 'Tide Pool'): DownloadSnapshot {
	return {
		release: {
			id: 'r1',
			title,
			artistName,
			releaseDate: '2026-11-01',
			publishAt: null,
			tags: ['ambient', 'drone'],
			licence: 'cc-by',
			description: ''
		},
		coverKey: 'artwork/r1/v1',
		tracks
	};
}

describe('zip names', () => {
	it.each([
		['../../etc/passwd', '_.._etc_passwd'],
		['..', 'Untitled'],
		['.hidden', 'hidden'],
		['a/b\\c', 'a_b_c'],
		['CON', '_CON'],
		['nul.txt', '_nul.txt'],
		['Lpt1', '_Lpt1'],
		['what? "why" <no> a|b *c: d', 'what_ _why_ _no_ a_b _c_ d'],
		['trailing dots...', 'trailing dots'],
		['tab\tand\nnewline', 'tab_and_newline'],
		['\u202egnp.exe', 'gnp.exe'],
		['   ', 'Untitled'],
		['陈 - 山', '陈 - 山'],
		['يوم جديد', 'يوم جديد']
	])('%j → %j', (input, expected) => {
		expect(safeSegment(input)).toBe(expected);
	});

	it('cuts long names to 120 bytes of UTF-8 without splitting a character', () => {
		const long = safeSegment('山'.repeat(100));
		expect(Buffer.byteLength(long)).toBeLessThanOrEqual(120);
		expect(long).toBe('山'.repeat(40));
		expect(truncateBytes('a😀b', 4)).toBe('a');
		expect(safeSegment('x'.repeat(500))).toHaveLength(120);
	});

	it('lays the ZIP out as "Artist - Album/01 Title.ext" with cover and credits', () => {
		const layout = zipLayout(snapshot([track('One'), track('Two / Three')]), 'mp3-320');
		expect(layout).toEqual({
			zipName: 'Tide Pool - Low Water.zip',
			folder: 'Tide Pool - Low Water',
			tracks: ['Tide Pool - Low Water/01 One.mp3', 'Tide Pool - Low Water/02 Two _ Three.mp3'],
			cover: 'Tide Pool - Low Water/cover.jpg',
			credits: 'Tide Pool - Low Water/credits.txt'
		});
		const originals = zipLayout(
			snapshot([track('A', { sourceKind: 'alac' }), track('B', { sourceKind: 'opus' })]),
			'original'
		);
		expect(originals.tracks).toEqual(['Tide Pool - Low Water/01 A.m4a', 'Tide Pool - Low Water/02 B.opus']);
		const discs = zipLayout(snapshot([track('A'), track('B', { disc: 2 })]), 'flac');
		expect(discs.tracks).toEqual(['Tide Pool - Low Water/1-01 A.flac', 'Tide Pool - Low Water/2-02 B.flac']);
		// Every entry stays inside the folder whatever the titles say.
		const hostile = zipLayout(snapshot([track('../../x')], '..', '..'), 'flac');
		expect(hostile.folder).toBe('-');
		for (const name of [...hostile.tracks, hostile.cover]) {
			expect(name.split('/')).toHaveLength(2);
			expect(name.split('/')).not.toContain('..');
		}
	});

	it('Content-Disposition carries an ASCII fallback and the RFC 5987 UTF-8 name', () => {
		expect(contentDisposition('陈 - 山 (live).zip')).toBe(
			`attachment; filename="_ - _ (live).zip"; filename*=UTF-8''%E9%99%88%20-%20%E5%B1%B1%20%28live%29.zip`
		);
		expect(contentDisposition('say "hi"\\.zip')).toBe(
			`attachment; filename="say _hi__.zip"; filename*=UTF-8''say%20%22hi%22%5C.zip`
		);
	});
});

describe('download snapshot', () => {
	it('offers FLAC only when every original is lossless', () => {
		expect(possibleFormats(snapshot([track('a'), track('b')]))).toEqual(['original', 'flac', 'mp3-320']);
		expect(possibleFormats(snapshot([track('a'), track('b', { lossless: false })]))).toEqual([
			'original',
			'mp3-320'
		]);
		expect(possibleFormats(snapshot([]))).toEqual([]);
	});

	it('tags a track with its number of the total, the release and the featured artists', () => {
		const s = snapshot([track('a'), track('b', { artists: { main: ['Tide Pool'], featured: ['陈'] } })]);
		expect(trackTags(s, 1, 'https://x.example')).toEqual({
			title: 'b',
			artist: 'Tide Pool feat. 陈',
			album: 'Low Water',
			album_artist: 'Tide Pool',
			trackNumber: 2,
			trackTotal: 2,
			discNumber: 1,
			discTotal: 1,
			date: '2026-11-01',
			genre: 'ambient',
			comment: 'https://x.example/releases/r1'
		});
	});

	it('gives a new version when tags, originals, the cover or the format change, and only then', () => {
		const base = snapshot([track('a'), track('b')]);
		const v = downloadVersion(base, 'flac', 'https://x');
		expect(v).toMatch(/^[a-f0-9]{16}$/);
		expect(downloadVersion(snapshot([track('a'), track('b')]), 'flac', 'https://x')).toBe(v);
		expect(downloadVersion(snapshot([track('a'), track('b')], 'Other'), 'flac', 'https://x')).not.toBe(v);
		expect(
			downloadVersion(snapshot([track('a'), track('b', { mediaKey: 'tracks/t/v2' })]), 'flac', 'https://x')
		).not.toBe(v);
		expect(downloadVersion({ ...base, coverKey: 'artwork/r1/v2' }, 'flac', 'https://x')).not.toBe(v);
		expect(downloadVersion(base, 'mp3-320', 'https://x')).not.toBe(v);
		expect(downloadVersion(snapshot([track('b'), track('a')]), 'flac', 'https://x')).not.toBe(v);
	});
});

describe('credits text', () => {
	it('lists the release, its tracks with their artists, credits and licence', () => {
		const release: CreditsRelease = {
			title: '山',
			artistName: 'Tide Pool',
			releaseDate: '2026-11-01',
			licence: 'cc-by',
			url: 'https://x/releases/r1',
			tracks: [
				{ title: 'One', artists: { main: ['Tide Pool'], featured: ['陈'] }, durationSeconds: 125.4 },
				{ title: 'Two', artists: { main: ['Tide Pool'], featured: [] }, durationSeconds: null }
			],
			credits: [{ role: 'Mastering', names: ['Sea Glass'] }]
		};
		expect(releaseCreditsText(release)).toBe(
			[
				'山',
				'by Tide Pool',
				'Released 2026-11-01',
				'',
				'Tracks',
				'1. One — Tide Pool feat. 陈 (2:05)',
				'2. Two — Tide Pool',
				'',
				'Credits',
				'Mastering: Sea Glass',
				'',
				'Licence: Creative Commons Attribution (CC BY 4.0)',
				'https://x/releases/r1',
				''
			].join('\n')
		);
	});
});
