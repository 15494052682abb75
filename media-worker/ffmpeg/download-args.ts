import type { DownloadTags } from '../../src/lib/server/downloads/download-snapshot';
import type { BuiltFormat } from '../../src/lib/shared/downloads';
import {
	checkAudioDemuxer,
	checkPath,
	commonOptions,
	durationCap,
	forcedInput,
	type FfmpegCommand,
	type MediaInput
} from './args';

/**
 * One download file from one original: MP3 320 (LAME CBR, ID3v2.3) or FLAC (from lossless originals
 * only), with the release's tags and its cover as the attached front-cover picture. Pure: the argv is
 * what the unit tests assert.
 *
 * Checked on ffmpeg 5.1: MP3 writes TIT2/TPE1/TALB/TPE2/TRCK "n/total"/TPOS/TYER+TDAT/TCON, the comment as
 * TXXX:comment (5.1 has no COMM writer), and the picture as APIC type 3 (front cover, chosen by the
 * stream comment "Cover (front)"). FLAC writes Vorbis comments (TRACKNUMBER, TRACKTOTAL, DISCNUMBER,
 * DISCTOTAL, DATE, GENRE, DESCRIPTION for the comment) and a METADATA_BLOCK_PICTURE.
 */
export const MP3_BITRATE = '320k';
export const MP3_SAMPLE_RATE = 44_100;
/** A runaway guard per file: the worst FLAC (8 channels, 32 bits, 192 kHz) plus the cover and slack. */
const WORST_BITS_PER_SECOND: Record<BuiltFormat, number> = { flac: 192_000 * 32 * 8, 'mp3-320': 320_000 };
const SLACK_BYTES = 32 * 1024 * 1024;

export function downloadTrackArgs(options: {
	input: MediaInput;
	/** A JPEG to embed, or null when the release has no cover. */
	coverPath: string | null;
	outputPath: string;
	format: BuiltFormat;
	tags: DownloadTags;
	maxDurationSeconds: number;
}): FfmpegCommand {
	const { input, coverPath, outputPath, format, tags, maxDurationSeconds } = options;
	checkPath(outputPath, 'output path');
	const maxBytes = Math.ceil((WORST_BITS_PER_SECOND[format] / 8) * maxDurationSeconds) + SLACK_BYTES;
	return {
		tool: 'ffmpeg',
		args: [
			...commonOptions('error'),
			...forcedInput(input.path, checkAudioDemuxer(input.format)),
			...(coverPath ? forcedInput(coverPath, 'jpeg_pipe') : []),
			'-map',
			'0:a:0',
			...(coverPath ? ['-map', '1:v:0'] : []),
			// Only our tags: nothing from the upload's own tags, chapters or encoder strings.
			'-map_metadata',
			'-1',
			'-map_chapters',
			'-1',
			'-fflags',
			'+bitexact',
			'-t',
			durationCap(maxDurationSeconds),
			...(format === 'mp3-320' ? mp3Codec() : ['-c:a', 'flac']),
			...(coverPath ? coverOptions(format) : []),
			...metadataArgs(format, tags),
			'-fs',
			String(maxBytes),
			'-f',
			format === 'mp3-320' ? 'mp3' : 'flac',
			`file:${outputPath}`
		]
	};
}

function mp3Codec(): string[] {
	// LAME takes at most two channels; 44.1 kHz is every MP3 player's home rate.
	return [
		'-c:a',
		'libmp3lame',
		'-b:a',
		MP3_BITRATE,
		'-ar',
		String(MP3_SAMPLE_RATE),
		'-ac',
		'2',
		'-id3v2_version',
		'3',
		'-write_id3v1',
		'0'
	];
}

function coverOptions(format: BuiltFormat): string[] {
	const described = ['-metadata:s:v', 'title=Album cover', '-metadata:s:v', 'comment=Cover (front)'];
	return format === 'mp3-320'
		? ['-c:v', 'copy', ...described]
		: ['-c:v', 'copy', '-disposition:v', 'attached_pic', ...described];
}

/** The tag names ffmpeg maps per container; `-metadata key=value` is one argv element, never a shell word. */
export function metadataArgs(format: BuiltFormat, tags: DownloadTags): string[] {
	const pairs: Array<[string, string | null]> = [
		['title', tags.title],
		['artist', tags.artist],
		['album', tags.album],
		['album_artist', tags.album_artist],
		...(format === 'mp3-320'
			? ([
					['track', `${tags.trackNumber}/${tags.trackTotal}`],
					['disc', `${tags.discNumber}/${tags.discTotal}`]
				] as Array<[string, string]>)
			: ([
					['track', String(tags.trackNumber)],
					['TRACKTOTAL', String(tags.trackTotal)],
					['disc', String(tags.discNumber)],
					['DISCTOTAL', String(tags.discTotal)]
				] as Array<[string, string]>)),
		['date', tags.date],
		['genre', tags.genre],
		['comment', tags.comment]
	];
	return pairs.flatMap(([key, value]) => (value ? ['-metadata', `${key}=${oneLine(value)}`] : []));
}

/** Tags are single lines; control characters (a NUL would cut the tag short) become spaces. */
function oneLine(value: string): string {
	// eslint-disable-next-line no-control-regex
	return value.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
}
