import { ascii } from './bytes';
import { id3v2End, sniffAiff, sniffFlac, sniffMp3, sniffOgg, sniffWave } from './sniff-containers';
import { sniffMp4Head, sniffMp4Tail, type ReadAt } from './sniff-mp4';
import { recogniseNotAudio } from './sniff-not-audio';
import { refuse, type SniffResult } from './sniff-result';

/**
 * Decides what an upload is from its bytes, never its name or Content-Type, and which ffmpeg demuxer
 * to force for it, so ffmpeg's own probing (which follows playlists and concat scripts) never runs on
 * untrusted input.
 */

export * from './sniff-result';
export { safeDisplayName } from './display-name';
export type { ReadAt } from './sniff-mp4';

/** How much of a file to read for `sniffAudio`. A shorter head is taken to be the whole file. */
export const SNIFF_HEAD_BYTES = 64 * 1024;

/** Encoders and taggers sometimes leave padding between an ID3 tag and the first MPEG frame. */
const MP3_SCAN_AFTER_TAG = 4096;
/** Room after a tag for that scan plus two of the largest MPEG frames (2,881 bytes each). */
const BYTES_NEEDED_AFTER_TAG = 16 * 1024;

/** Decides from the first bytes alone. Prefer `sniffAudioFrom` for files: it can look past large tags. */
export function sniffAudio(head: Uint8Array): SniffResult {
	if (head.length === 0) return refuse('empty');
	const audioStart = id3v2End(head);
	if (audioStart > 0) {
		const wholeFile = head.length < SNIFF_HEAD_BYTES;
		if (!wholeFile && audioStart > head.length - BYTES_NEEDED_AFTER_TAG) return refuse('undecided');
		if (audioStart >= head.length) return refuse('unknown');
		return afterTag(head, audioStart) ?? refuse('unknown');
	}
	return (
		sniffWave(head) ??
		sniffAiff(head) ??
		sniffFlac(head) ??
		sniffMp4Head(head) ??
		sniffOgg(head) ??
		sniffMp3(head) ??
		recogniseNotAudio(head) ??
		refuse('unknown')
	);
}

/** After ID3v2 tags: MP3 as usual, or FLAC (some taggers prepend ID3 to FLAC; ffmpeg skips it). */
function afterTag(bytes: Uint8Array, offset: number): SniffResult | null {
	return sniffFlac(bytes, offset) ?? sniffMp3(bytes, offset, MP3_SCAN_AFTER_TAG);
}

/**
 * Sniffs a file through `read` (offset, length → up to that many bytes; fewer at the end of the file).
 * Reads the head, and only when needed a little more: the bytes after cover art in a large ID3 tag, or
 * the `moov` box that names an M4A's codec when it sits after the audio.
 */
export async function sniffAudioFrom(read: ReadAt): Promise<SniffResult> {
	const head = await read(0, SNIFF_HEAD_BYTES);
	const result = sniffAudio(head);
	if (!result.ok && result.reason === 'undecided') return sniffPastTags(head, read);
	if (result.ok && result.kind === 'mp4') return (await sniffMp4Tail(read)) ?? result;
	return result;
}

async function sniffPastTags(head: Uint8Array, read: ReadAt): Promise<SniffResult> {
	let offset = id3v2End(head);
	// Tags can be stacked; each header is read where the previous tag ends.
	for (let tags = 0; tags < 16; tags++) {
		const window = await read(offset, SNIFF_HEAD_BYTES);
		if (ascii(window, 0, 3) !== 'ID3') {
			if (window.length === 0) return refuse('unknown');
			return afterTag(window, 0) ?? refuse('unknown');
		}
		const next = id3v2End(window);
		if (next === 0) return refuse('unknown');
		offset += next;
	}
	return refuse('unknown');
}
