/** What sniffing decides, and the words a person sees when a file is refused. */

export const AUDIO_KINDS = ['wav', 'aiff', 'flac', 'alac', 'aac', 'mp4', 'mp3', 'vorbis', 'opus'] as const;
/** `mp4` means an MP4/M4A whose codec was not visible in the bytes read: ffprobe decides ALAC vs AAC. */
export type AudioKind = (typeof AUDIO_KINDS)[number];

/** ffmpeg demuxer names, passed as `-f` so ffmpeg never guesses the input format itself. */
export const FORCED_DEMUXERS = ['wav', 'aiff', 'flac', 'mov', 'mp3', 'ogg'] as const;
export type ForcedDemuxer = (typeof FORCED_DEMUXERS)[number];

export const REFUSAL_REASONS = [
	'empty',
	'image',
	'html',
	'zip',
	'archive',
	'executable',
	'pdf',
	'text',
	'unsupported',
	'no_audio',
	'undecided',
	'unknown'
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface AcceptedAudio {
	ok: true;
	kind: AudioKind;
	demuxer: ForcedDemuxer;
	/** null when only the decoder can tell (an MP4 whose sample entry lies beyond the bytes read). */
	lossless: boolean | null;
	/** Short human name of what was found, e.g. "FLAC", "Ogg Opus". */
	label: string;
}

export interface RefusedFile {
	ok: false;
	reason: RefusalReason;
	message: string;
}

export type SniffResult = AcceptedAudio | RefusedFile;

export const ACCEPTED_FORMATS_TEXT = 'WAV, AIFF, FLAC, ALAC, AAC (M4A), MP3, Ogg Vorbis, Opus';

const MESSAGES: Record<Exclude<RefusalReason, 'unsupported'>, string> = {
	empty: 'this file is empty',
	image: 'this file is an image, not audio',
	html: 'this file is an HTML page, not audio',
	zip: 'this file is a ZIP archive, not audio: upload the audio files inside it instead',
	archive: 'this file is a compressed archive, not audio: upload the audio files inside it instead',
	executable: 'this file is a program, not audio',
	pdf: 'this file is a PDF document, not audio',
	text: 'this file is a playlist/text file, not audio',
	no_audio: 'this file holds no audio track',
	undecided: 'this file starts with a tag too large to look past here',
	unknown: `this file is not an audio format Shoal accepts: ${ACCEPTED_FORMATS_TEXT}`
};

export function refuse(reason: Exclude<RefusalReason, 'unsupported'>): RefusedFile {
	return { ok: false, reason, message: MESSAGES[reason] };
}

/** A recognisable media format that Shoal does not take, named so the artist knows what to convert. */
export function refuseUnsupported(formatName: string): RefusedFile {
	return {
		ok: false,
		reason: 'unsupported',
		message: `this file is ${formatName}, not an audio format Shoal accepts: ${ACCEPTED_FORMATS_TEXT}`
	};
}

export function accept(
	kind: AudioKind,
	demuxer: ForcedDemuxer,
	lossless: boolean | null,
	label: string
): AcceptedAudio {
	return { ok: true, kind, demuxer, lossless, label };
}
