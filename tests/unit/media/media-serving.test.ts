import { describe, expect, it } from 'vitest';
import {
	etagMatches,
	ifRangeAllows,
	notModifiedSince,
	parseRange
} from '../../../src/lib/server/media/http-range';
import { contentTypeOf, parseMediaPath, publicCacheControl } from '../../../src/lib/server/media/media-paths';
import { signPlaylist } from '../../../src/lib/server/media/playlist-signing';
import { buildMasterPlaylist, serializeMediaPlaylist } from '../../../media-worker/ffmpeg/playlist';

const BASE = '/media/tracks/Tr4ck_id-1/vJob1-2';

describe('media paths', () => {
	it.each([
		['master.m3u8', 'playlist'],
		['aac_128k/index.m3u8', 'playlist'],
		['flac/init_3.mp4', 'init'],
		['flac/init.mp4', 'init'],
		['aac_64k/segment_00000.m4s', 'segment'],
		['aac_160k/segment_123456.m4s', 'segment']
	] as const)('accepts the worker’s own file %s', (file, kind) => {
		expect(parseMediaPath(`${BASE}/${file}`)).toEqual({
			area: 'tracks',
			key: 'tracks/Tr4ck_id-1/vJob1-2',
			ownerId: 'Tr4ck_id-1',
			file,
			kind
		});
	});

	it('accepts artwork sizes and formats only', () => {
		expect(parseMediaPath('/media/artwork/Rel_1/v3-1/cover_600.webp')).toMatchObject({
			area: 'artwork',
			key: 'artwork/Rel_1/v3-1',
			ownerId: 'Rel_1',
			kind: 'image'
		});
		expect(parseMediaPath('/media/artwork/Rel_1/v3-1/cover_601.webp')).toBeNull();
		expect(parseMediaPath('/media/artwork/Rel_1/v3-1/cover_600.png')).toBeNull();
	});

	it.each([
		`${BASE}/../../../etc/passwd`,
		`${BASE}/aac_64k/../master.m3u8`,
		`${BASE}/%2e%2e/master.m3u8`,
		`${BASE}/aac_64k%2Findex.m3u8`,
		`${BASE}/aac_64k\\index.m3u8`,
		`${BASE}/master.m3u8%00.jpg`,
		`${BASE}/master.m3u8\0`,
		`${BASE}//etc/passwd`,
		`${BASE}/aac_64k/index.m3u8/`,
		`${BASE}/aac_64k/segment_1.m4s.txt`,
		`${BASE}/aac_64k/init_123.mp4`,
		`${BASE}/aac_64k/init_.mp4`,
		`${BASE}/aac_64k/source`,
		`${BASE}/Aac_64k/index.m3u8`,
		`${BASE}/a/b/index.m3u8`,
		'/media/tracks/Tr4ck_id-1/master.m3u8',
		'/media/tracks/Tr4ck_id-1/1/master.m3u8',
		'/media/tracks/../originals/x/source',
		'/media/originals/Tr4ck_id-1/source',
		'/media/covers/Rel_1/source',
		'/media/.tmp/abc/master.m3u8',
		'/media//etc/passwd',
		'/media/tracks/a.b/v1/master.m3u8',
		'/etc/passwd',
		`${BASE.toUpperCase()}/master.m3u8`
	])('refuses %j', (pathname) => {
		expect(parseMediaPath(pathname)).toBeNull();
	});

	it('types and caches by kind', () => {
		expect(contentTypeOf('master.m3u8')).toBe('application/vnd.apple.mpegurl');
		expect(contentTypeOf('flac/init.mp4')).toBe('audio/mp4');
		expect(contentTypeOf('aac_64k/segment_00001.m4s')).toBe('audio/mp4');
		expect(contentTypeOf('cover_300.jpg')).toBe('image/jpeg');
		expect(contentTypeOf('cover_300.webp')).toBe('image/webp');
		expect(publicCacheControl('segment')).toBe('public, max-age=31536000, immutable');
		expect(publicCacheControl('init')).toBe('public, max-age=31536000, immutable');
		expect(publicCacheControl('image')).toBe('public, max-age=31536000, immutable');
		expect(publicCacheControl('playlist')).toBe('public, max-age=60');
	});
});

describe('byte ranges', () => {
	it.each([
		[undefined, { kind: 'full' }],
		['bytes=0-99', { kind: 'partial', start: 0, end: 99 }],
		['bytes=100-199', { kind: 'partial', start: 100, end: 199 }],
		['bytes=900-5000', { kind: 'partial', start: 900, end: 999 }],
		['bytes=950-', { kind: 'partial', start: 950, end: 999 }],
		['bytes=-100', { kind: 'partial', start: 900, end: 999 }],
		['bytes=-5000', { kind: 'partial', start: 0, end: 999 }],
		['bytes=999-999', { kind: 'partial', start: 999, end: 999 }],
		['bytes=1000-', { kind: 'unsatisfiable' }],
		['bytes=1000-2000', { kind: 'unsatisfiable' }],
		['bytes=-0', { kind: 'unsatisfiable' }],
		['bytes=99999999999999999999-', { kind: 'unsatisfiable' }],
		// Ignored: the whole file is the answer.
		['bytes=5-1', { kind: 'full' }],
		['bytes=-', { kind: 'full' }],
		['bytes=0-1,5-9', { kind: 'full' }],
		['items=0-1', { kind: 'full' }],
		['bytes=a-b', { kind: 'full' }]
	])('%s of 1000 bytes', (header, outcome) => {
		expect(parseRange(header, 1000)).toEqual(outcome);
	});

	it('has nothing to give from an empty file', () => {
		expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
		expect(parseRange('bytes=-1', 0)).toEqual({ kind: 'unsatisfiable' });
	});

	it('compares validators', () => {
		expect(etagMatches('"a-1"', '"a-1"')).toBe(true);
		expect(etagMatches('"b", W/"a-1"', '"a-1"')).toBe(true);
		expect(etagMatches('*', '"a-1"')).toBe(true);
		expect(etagMatches('"a-2"', '"a-1"')).toBe(false);
		expect(etagMatches(undefined, '"a-1"')).toBe(false);
		const mtime = Date.UTC(2026, 0, 1, 12, 0, 0, 450);
		expect(notModifiedSince(new Date(mtime).toUTCString(), mtime)).toBe(true);
		expect(notModifiedSince(new Date(mtime - 1000).toUTCString(), mtime)).toBe(false);
		expect(notModifiedSince('not a date', mtime)).toBe(false);
		const lastModified = new Date(mtime).toUTCString();
		expect(ifRangeAllows(undefined, '"a-1"', lastModified)).toBe(true);
		expect(ifRangeAllows('"a-1"', '"a-1"', lastModified)).toBe(true);
		expect(ifRangeAllows('"a-2"', '"a-1"', lastModified)).toBe(false);
		expect(ifRangeAllows('W/"a-1"', '"a-1"', lastModified)).toBe(false);
		expect(ifRangeAllows(lastModified, '"a-1"', lastModified)).toBe(true);
	});
});

describe('signed playlists', () => {
	const QUERY = 'exp=1767229200000&sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

	it('signs every variant of a master playlist', () => {
		const master = buildMasterPlaylist([
			{ uri: 'aac_64k/index.m3u8', codecs: 'mp4a.40.2', peakBitrate: 70_000, averageBitrate: 66_000 },
			{ uri: 'flac/index.m3u8', codecs: 'fLaC', peakBitrate: 900_000, averageBitrate: 800_000 }
		]);
		const signed = signPlaylist(master, QUERY);
		expect(signed.split('\n').filter((line) => line && !line.startsWith('#'))).toEqual([
			`aac_64k/index.m3u8?${QUERY}`,
			`flac/index.m3u8?${QUERY}`
		]);
		// Tags without URIs are untouched.
		expect(signed).toContain('#EXT-X-STREAM-INF:BANDWIDTH=70000,AVERAGE-BANDWIDTH=66000,CODECS="mp4a.40.2"');
	});

	it('signs segments and the EXT-X-MAP of a media playlist', () => {
		const media = serializeMediaPlaylist({
			mapUri: 'init.mp4',
			segments: [
				{ uri: 'segment_00000.m4s', duration: 6 },
				{ uri: 'segment_00001.m4s', duration: 2.5 }
			]
		});
		const signed = signPlaylist(media.replace(/\n/g, '\r\n'), QUERY);
		expect(signed).toContain(`#EXT-X-MAP:URI="init.mp4?${QUERY}"`);
		expect(signed).toContain(`\nsegment_00000.m4s?${QUERY}\n`);
		expect(signed).toContain(`\nsegment_00001.m4s?${QUERY}\n`);
		expect(signed).toContain('#EXT-X-ENDLIST');
		expect(signed).not.toContain('\r');
		// A URI that already has a query gets the signature appended.
		expect(signPlaylist('#EXTM3U\nx.m4s?a=1\n', QUERY)).toBe(`#EXTM3U\nx.m4s?a=1&${QUERY}\n`);
	});
});
