import type { DownloadFormat } from '../../shared/downloads';
import { BUILT_EXTENSIONS, type DownloadSnapshot } from './download-snapshot';

/**
 * Names inside the ZIP and of the ZIP itself come from titles people typed, so they are made safe for
 * every unzip tool and file system: no path separators or `..` (no entry can land outside its folder),
 * no characters Windows refuses, no reserved device names, bounded length. Letters of every script
 * stay as written (yazl marks names as UTF-8).
 */
const MAX_SEGMENT_BYTES = 120;
// Controls, and the characters Windows forbids in names; the slash and backslash above all.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f<>:"/\\|?*]/g;
const BIDI_AND_INVISIBLE = /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const RESERVED = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?$/i;

export function safeSegment(text: string, fallback = 'Untitled'): string {
	let name = text
		.normalize('NFC')
		.replace(BIDI_AND_INVISIBLE, '')
		.replace(FORBIDDEN, '_')
		.replace(/\s+/g, ' ')
		.trim();
	name = truncateBytes(name, MAX_SEGMENT_BYTES)
		// Windows drops trailing dots and spaces; leading dots hide files (and "." / ".." are paths).
		.replace(/[. ]+$/, '')
		.replace(/^[. ]+/, '')
		.trim();
	if (!name) return fallback;
	return RESERVED.test(name) ? `_${name}` : name;
}

/** Cuts to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateBytes(text: string, maxBytes: number): string {
	let bytes = 0;
	let out = '';
	for (const char of text) {
		bytes += Buffer.byteLength(char);
		if (bytes > maxBytes) break;
		out += char;
	}
	return out;
}

const ORIGINAL_EXTENSIONS: Record<string, string> = {
	wav: 'wav',
	aiff: 'aiff',
	flac: 'flac',
	alac: 'm4a',
	aac: 'm4a',
	mp4: 'm4a',
	mp3: 'mp3',
	vorbis: 'ogg',
	opus: 'opus'
};

export function extensionOf(format: DownloadFormat, sourceKind: string): string {
	return format === 'original' ? (ORIGINAL_EXTENSIONS[sourceKind] ?? 'bin') : BUILT_EXTENSIONS[format];
}

export interface ZipLayout {
	/** "Artist - Album.zip" */
	zipName: string;
	folder: string;
	/** One per track, in snapshot order. */
	tracks: string[];
	cover: string;
	credits: string;
}

/** "Artist - Album/01 Title.mp3", "Artist - Album/cover.jpg", "Artist - Album/credits.txt". */
export function zipLayout(snapshot: DownloadSnapshot, format: DownloadFormat): ZipLayout {
	const folder = safeSegment(`${snapshot.release.artistName} - ${snapshot.release.title}`, 'Shoal download');
	const multiDisc = snapshot.tracks.some((track) => track.disc !== 1);
	const width = Math.max(2, String(snapshot.tracks.length).length);
	const tracks = snapshot.tracks.map((track, index) => {
		const number = String(index + 1).padStart(width, '0');
		const prefix = multiDisc ? `${track.disc}-${number}` : number;
		const title = safeSegment(track.title, `Track ${index + 1}`);
		return `${folder}/${prefix} ${title}.${extensionOf(format, track.sourceKind)}`;
	});
	return {
		zipName: `${folder}.zip`,
		folder,
		tracks,
		cover: `${folder}/cover.jpg`,
		credits: `${folder}/credits.txt`
	};
}

/**
 * `attachment` with an ASCII fallback name and the real one in RFC 5987 form (filename*), which every
 * current browser prefers: "陈 - 山.zip" arrives as written.
 */
export function contentDisposition(fileName: string): string {
	const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	const encoded = encodeURIComponent(fileName).replace(
		/['()*]/g,
		(char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`
	);
	return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
