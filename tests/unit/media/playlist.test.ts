import { describe, expect, it } from 'vitest';
import {
	buildMasterPlaylist,
	dropTrailingEmptySegment,
	hasMediaSamples,
	measureBitrates,
	parseMediaPlaylist,
	segmentBoundaries,
	serializeMediaPlaylist,
	type MediaPlaylist
} from '../../../media-worker/ffmpeg/playlist';

/** What ffmpeg 5.1 wrote for the FLAC rung of a 24 s track. */
const FFMPEG_FLAC_PLAYLIST = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:6
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-PLAYLIST-TYPE:VOD
#EXT-X-MAP:URI="init_3.mp4"
#EXTINF:6.016000,
segment_00000.m4s
#EXTINF:5.994667,
segment_00001.m4s
#EXTINF:5.994667,
segment_00002.m4s
#EXTINF:5.994667,
segment_00003.m4s
#EXTINF:0.021333,
segment_00004.m4s
#EXT-X-ENDLIST
`;

function box(type: string, payloadBytes: number): Uint8Array {
	const bytes = new Uint8Array(8 + payloadBytes);
	new DataView(bytes.buffer).setUint32(0, bytes.length);
	bytes.set(
		[...type].map((c) => c.charCodeAt(0)),
		4
	);
	return bytes;
}

function concat(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.length;
	}
	return out;
}

const styp = box('styp', 16);
const fragment = concat(styp, box('sidx', 44), box('moof', 200), box('mdat', 4000));

function playlistOf(durations: number[]): MediaPlaylist {
	return {
		mapUri: 'init_0.mp4',
		segments: durations.map((duration, i) => ({ uri: `segment_${i}.m4s`, duration }))
	};
}

describe('parseMediaPlaylist', () => {
	it('reads the init section, durations and URIs of ffmpeg’s playlist', () => {
		const playlist = parseMediaPlaylist(FFMPEG_FLAC_PLAYLIST);
		expect(playlist.mapUri).toBe('init_3.mp4');
		expect(playlist.segments).toHaveLength(5);
		expect(playlist.segments[0]).toEqual({ uri: 'segment_00000.m4s', duration: 6.016 });
		expect(playlist.segments.at(-1)).toEqual({ uri: 'segment_00004.m4s', duration: 0.021333 });
	});

	it.each([
		['a parent path', '../secret.m4s'],
		['an absolute path', '/etc/passwd'],
		['a URL', 'file:///etc/passwd'],
		['a subdirectory', 'x/segment.m4s']
	])('refuses %s as a segment URI', (_what, uri) => {
		expect(() => parseMediaPlaylist(FFMPEG_FLAC_PLAYLIST.replace('segment_00001.m4s', uri))).toThrow(
			/unexpected URI/
		);
	});

	it('refuses text that is not an fMP4 media playlist', () => {
		expect(() => parseMediaPlaylist('hello')).toThrow(/#EXTM3U/);
		expect(() => parseMediaPlaylist(FFMPEG_FLAC_PLAYLIST.replace(/#EXT-X-MAP.*\n/, ''))).toThrow(/EXT-X-MAP/);
		expect(() => parseMediaPlaylist('#EXTM3U\nsegment.m4s\n')).toThrow(/without EXTINF/);
		expect(() => parseMediaPlaylist(FFMPEG_FLAC_PLAYLIST.replace('#EXTINF:6.016000', '#EXTINF:nan'))).toThrow(
			/bad EXTINF/
		);
	});
});

describe('serializeMediaPlaylist', () => {
	it('writes a canonical VOD playlist that parses back to the same segments', () => {
		const playlist = parseMediaPlaylist(FFMPEG_FLAC_PLAYLIST);
		const text = serializeMediaPlaylist(playlist);
		expect(text.split('\n').slice(0, 7)).toEqual([
			'#EXTM3U',
			'#EXT-X-VERSION:7',
			'#EXT-X-TARGETDURATION:6',
			'#EXT-X-MEDIA-SEQUENCE:0',
			'#EXT-X-PLAYLIST-TYPE:VOD',
			'#EXT-X-INDEPENDENT-SEGMENTS',
			'#EXT-X-MAP:URI="init_3.mp4"'
		]);
		expect(text.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
		expect(parseMediaPlaylist(text)).toEqual(playlist);
	});

	it('raises the target duration to the longest segment, rounded to the nearest second', () => {
		expect(serializeMediaPlaylist(playlistOf([6.4, 6.6, 2]))).toContain('#EXT-X-TARGETDURATION:7\n');
		expect(serializeMediaPlaylist(playlistOf([6.4, 6.016]))).toContain('#EXT-X-TARGETDURATION:6\n');
	});
});

describe('empty trailing fragment', () => {
	it('tells fragments with samples from a lone styp box or an empty mdat', () => {
		expect(hasMediaSamples(fragment)).toBe(true);
		expect(hasMediaSamples(styp)).toBe(false);
		expect(hasMediaSamples(concat(styp, box('moof', 100), box('mdat', 0)))).toBe(false);
		expect(hasMediaSamples(new Uint8Array())).toBe(false);
	});

	it('stops at a damaged box header instead of looping', () => {
		const damaged = concat(styp, new Uint8Array([0, 0, 0, 3, 0x6d, 0x6f, 0x6f, 0x66]));
		expect(hasMediaSamples(damaged)).toBe(false);
	});

	it('drops the last segment only when it holds no samples', () => {
		const playlist = parseMediaPlaylist(FFMPEG_FLAC_PLAYLIST);
		const dropped = dropTrailingEmptySegment(playlist, styp);
		expect(dropped.dropped).toBe('segment_00004.m4s');
		expect(dropped.playlist.segments).toHaveLength(4);
		expect(dropTrailingEmptySegment(playlist, fragment)).toEqual({ playlist, dropped: null });
	});

	it('never empties a playlist', () => {
		const single = playlistOf([0.1]);
		expect(dropTrailingEmptySegment(single, styp).playlist).toBe(single);
	});
});

describe('measureBitrates', () => {
	it('gives equal peak and average for a constant bitrate', () => {
		const playlist = playlistOf([6, 6, 6]);
		expect(measureBitrates(playlist, () => 96_000)).toEqual({
			peakBitrate: 128_000,
			averageBitrate: 128_000
		});
	});

	it('reports a loud passage as the peak, above the average', () => {
		const playlist = playlistOf([6, 6, 6, 6]);
		const sizes: Record<string, number> = { segment_2: 150_000 };
		const rates = measureBitrates(playlist, (uri) => sizes[uri.replace('.m4s', '')] ?? 96_000);
		expect(rates.peakBitrate).toBe(200_000);
		expect(rates.averageBitrate).toBe(146_000);
	});

	it('does not let a tiny last segment, mostly headers, set the peak', () => {
		const playlist = playlistOf([6, 6, 0.021333]);
		const rates = measureBitrates(playlist, (uri) => (uri === 'segment_2.m4s' ? 490 : 96_000));
		expect(rates.peakBitrate).toBeLessThan(130_000);
		expect(rates.peakBitrate).toBeGreaterThanOrEqual(rates.averageBitrate);
	});

	it('falls back to the average when no run of segments is long enough to measure', () => {
		const rates = measureBitrates(playlistOf([0.3]), () => 6_000);
		expect(rates).toEqual({ peakBitrate: 160_000, averageBitrate: 160_000 });
	});
});

describe('segmentBoundaries', () => {
	it('accumulates segment end times', () => {
		expect(segmentBoundaries(playlistOf([6, 6, 2.5]))).toEqual([6, 12, 14.5]);
	});
});

describe('buildMasterPlaylist', () => {
	const entries = [
		{ uri: 'aac_64k/index.m3u8', codecs: 'mp4a.40.2', peakBitrate: 66_379, averageBitrate: 66_250 },
		{ uri: 'flac/index.m3u8', codecs: 'fLaC', peakBitrate: 776_036.2, averageBitrate: 760_811 }
	];

	it('lists every rung with BANDWIDTH, AVERAGE-BANDWIDTH and CODECS', () => {
		expect(buildMasterPlaylist(entries)).toBe(
			[
				'#EXTM3U',
				'#EXT-X-VERSION:7',
				'#EXT-X-INDEPENDENT-SEGMENTS',
				'',
				'#EXT-X-STREAM-INF:BANDWIDTH=66379,AVERAGE-BANDWIDTH=66250,CODECS="mp4a.40.2"',
				'aac_64k/index.m3u8',
				'',
				'#EXT-X-STREAM-INF:BANDWIDTH=776037,AVERAGE-BANDWIDTH=760811,CODECS="fLaC"',
				'flac/index.m3u8',
				''
			].join('\n')
		);
	});

	it('refuses values that could break out of the attribute list or the directory', () => {
		expect(() => buildMasterPlaylist([{ ...entries[0], codecs: 'mp4a",X="1' }])).toThrow(/CODECS/);
		expect(() => buildMasterPlaylist([{ ...entries[0], uri: '../x/index.m3u8' }])).toThrow(/URI/);
		expect(() => buildMasterPlaylist([])).toThrow(/at least one/);
	});
});
