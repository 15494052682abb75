import { describe, expect, it } from 'vitest';
import { downloadTrackArgs, metadataArgs } from '../../../media-worker/ffmpeg/download-args';
import type { DownloadTags } from '../../../src/lib/server/downloads/download-snapshot';

const tags: DownloadTags = {
	title: 'Journey’s End',
	artist: 'Tide Pool feat. 陈',
	album: 'Low Water',
	album_artist: 'Tide Pool',
	trackNumber: 3,
	trackTotal: 12,
	discNumber: 1,
	discTotal: 2,
	date: '2026-11-01',
	genre: 'ambient',
	comment: 'https://shoal.example/releases/r1'
};
const input = { path: '/media/originals/t1/source', format: 'wav' as const };

function valueAfter(args: string[], flag: string): string[] {
	return args.flatMap((arg, i) => (arg === flag ? [args[i + 1]] : []));
}

describe('download argv builders', () => {
	it('MP3 320: LAME CBR, ID3v2.3 without ID3v1, the cover as a copied front-cover picture', () => {
		const { tool, args } = downloadTrackArgs({
			input,
			coverPath: '/media/artwork/r1/v1/cover_1200.jpg',
			outputPath: '/media/.tmp/x/003.mp3',
			format: 'mp3-320',
			tags,
			maxDurationSeconds: 7200
		});
		expect(tool).toBe('ffmpeg');
		expect(valueAfter(args, '-i')).toEqual([
			'file:/media/originals/t1/source',
			'file:/media/artwork/r1/v1/cover_1200.jpg'
		]);
		expect(valueAfter(args, '-f')).toEqual(['wav', 'jpeg_pipe', 'mp3']);
		expect(valueAfter(args, '-map')).toEqual(['0:a:0', '1:v:0']);
		expect(valueAfter(args, '-c:a')).toEqual(['libmp3lame']);
		expect(valueAfter(args, '-b:a')).toEqual(['320k']);
		expect(valueAfter(args, '-id3v2_version')).toEqual(['3']);
		expect(valueAfter(args, '-write_id3v1')).toEqual(['0']);
		expect(valueAfter(args, '-c:v')).toEqual(['copy']);
		expect(valueAfter(args, '-metadata:s:v')).toEqual(['title=Album cover', 'comment=Cover (front)']);
		expect(valueAfter(args, '-map_metadata')).toEqual(['-1']);
		expect(args).toContain('-protocol_whitelist');
		expect(args.at(-1)).toBe('file:/media/.tmp/x/003.mp3');
		expect(valueAfter(args, '-metadata')).toEqual([
			'title=Journey’s End',
			'artist=Tide Pool feat. 陈',
			'album=Low Water',
			'album_artist=Tide Pool',
			'track=3/12',
			'disc=1/2',
			'date=2026-11-01',
			'genre=ambient',
			'comment=https://shoal.example/releases/r1'
		]);
	});

	it('FLAC: lossless codec, attached_pic disposition, Vorbis total fields', () => {
		const { args } = downloadTrackArgs({
			input: { path: '/media/originals/t1/source', format: 'flac' },
			coverPath: '/media/artwork/r1/v1/cover_1200.jpg',
			outputPath: '/media/.tmp/x/003.flac',
			format: 'flac',
			tags,
			maxDurationSeconds: 7200
		});
		expect(valueAfter(args, '-c:a')).toEqual(['flac']);
		expect(valueAfter(args, '-disposition:v')).toEqual(['attached_pic']);
		expect(valueAfter(args, '-f').at(-1)).toBe('flac');
		expect(valueAfter(args, '-metadata')).toEqual(
			expect.arrayContaining(['track=3', 'TRACKTOTAL=12', 'disc=1', 'DISCTOTAL=2'])
		);
		expect(args).not.toContain('-b:a');
	});

	it('without a cover there is no second input and no video stream', () => {
		const { args } = downloadTrackArgs({
			input,
			coverPath: null,
			outputPath: '/media/.tmp/x/001.mp3',
			format: 'mp3-320',
			tags,
			maxDurationSeconds: 60
		});
		expect(valueAfter(args, '-i')).toHaveLength(1);
		expect(valueAfter(args, '-map')).toEqual(['0:a:0']);
		expect(args).not.toContain('-c:v');
	});

	it('leaves out empty tags and flattens control characters', () => {
		const pairs = metadataArgs('mp3-320', { ...tags, date: null, genre: null, title: 'a\u0000b\nc' });
		expect(pairs.filter((arg) => arg.startsWith('date=') || arg.startsWith('genre='))).toEqual([]);
		expect(pairs).toContain('title=a b c');
	});

	it('refuses relative or traversing paths and unknown demuxers', () => {
		const base = { coverPath: null, format: 'mp3-320' as const, tags, maxDurationSeconds: 60 };
		expect(() => downloadTrackArgs({ ...base, input, outputPath: 'out.mp3' })).toThrow(RangeError);
		expect(() => downloadTrackArgs({ ...base, input, outputPath: '/media/../etc/x.mp3' })).toThrow(
			RangeError
		);
		expect(() =>
			downloadTrackArgs({
				...base,
				input: { path: '/x', format: 'hls' as never },
				outputPath: '/media/.tmp/x.mp3'
			})
		).toThrow(RangeError);
	});
});
