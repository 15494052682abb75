import { describe, expect, it } from 'vitest';
import { firstFiles, middleRung, parseVariants, startVariant } from '../../../src/lib/player/warm-start';

// A master playlist as the media worker writes it (peak BANDWIDTH well above the nominal rates).
const MASTER = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-INDEPENDENT-SEGMENTS

#EXT-X-STREAM-INF:BANDWIDTH=67641,AVERAGE-BANDWIDTH=67381,CODECS="mp4a.40.2"
aac_64k/index.m3u8

#EXT-X-STREAM-INF:BANDWIDTH=157631,AVERAGE-BANDWIDTH=154188,CODECS="mp4a.40.2"
aac_128k/index.m3u8

#EXT-X-STREAM-INF:BANDWIDTH=175790,AVERAGE-BANDWIDTH=170465,CODECS="mp4a.40.2"
aac_160k/index.m3u8

#EXT-X-STREAM-INF:BANDWIDTH=884408,AVERAGE-BANDWIDTH=847828,CODECS="fLaC"
flac/index.m3u8
`;

describe('warm start', () => {
	it('reads the variants of a master playlist', () => {
		expect(parseVariants(MASTER)).toEqual([
			{ uri: 'aac_64k/index.m3u8', bandwidth: 67641, flac: false, codecs: 'mp4a.40.2' },
			{ uri: 'aac_128k/index.m3u8', bandwidth: 157631, flac: false, codecs: 'mp4a.40.2' },
			{ uri: 'aac_160k/index.m3u8', bandwidth: 175790, flac: false, codecs: 'mp4a.40.2' },
			{ uri: 'flac/index.m3u8', bandwidth: 884408, flac: true, codecs: 'fLaC' }
		]);
	});

	it('starts on the middle AAC rung, or FLAC when lossless is on', () => {
		expect(startVariant(parseVariants(MASTER), false)?.uri).toBe('aac_128k/index.m3u8');
		expect(startVariant(parseVariants(MASTER), true)?.uri).toBe('flac/index.m3u8');
		const aacOnly = parseVariants(MASTER).filter((variant) => !variant.flac);
		expect(startVariant(aacOnly, true)?.uri).toBe('aac_128k/index.m3u8');
		expect(startVariant([], false)).toBeNull();
	});

	it('the middle rung does not depend on the order', () => {
		expect(middleRung([160, 64, 128], (n) => n)).toBe(128);
		expect(middleRung([64, 128], (n) => n)).toBe(64);
		expect(middleRung([], (n: number) => n)).toBeNull();
	});

	it('finds the init section, first segment and duration of a media playlist', () => {
		const playlist = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:6
#EXT-X-PLAYLIST-TYPE:VOD
#EXT-X-MAP:URI="init_1.mp4"
#EXTINF:6.016000,
segment_00000.m4s
#EXTINF:5.994667,
segment_00001.m4s
#EXT-X-ENDLIST
`;
		expect(firstFiles(playlist)).toEqual({
			init: 'init_1.mp4',
			first: 'segment_00000.m4s',
			duration: expect.closeTo(12.010667, 6)
		});
		expect(firstFiles('#EXTM3U\n')).toEqual({ init: null, first: null, duration: 0 });
	});
});
