import type { AudioDemuxer } from '../ffmpeg/args';
import type { ProbeSummary } from '../ffmpeg/probe';
import { IngestError } from './job-failure';

export const MIN_SAMPLE_RATE = 8_000;
export const MAX_SAMPLE_RATE = 384_000;
export const MAX_CHANNELS = 8;
/** Shorter than this is a click or an export mistake, not a track. */
export const MIN_TRACK_SECONDS = 1;
const EXPORT_AGAIN = 'Export it again as WAV, FLAC or MP3 and upload it.';

export interface ValidatedAudio {
	/** What the container says; checked against what was really decoded once the ladder exists. */
	durationSeconds: number;
	codec: string;
	sampleRate: number;
	channels: number;
	bitsPerSample: number | null;
	lossless: boolean;
}

/** Codecs whose samples are the artist's master, so a FLAC rung carries them unchanged. */
export function isLosslessCodec(codec: string): boolean {
	return codec === 'flac' || codec === 'alac' || codec.startsWith('pcm_');
}

/** Every refusal here is the file's fault, so it is permanent: retrying the same bytes cannot help. */
export function validateProbe(probe: ProbeSummary, limits: { maxTrackSeconds: number }): ValidatedAudio {
	const audio = probe.audio;
	if (!audio)
		throw new IngestError(
			`This file has no sound in it that Shoal can read. ${EXPORT_AGAIN}`,
			true,
			`no audio stream found (format ${probe.formatName})`
		);
	const duration = audio.durationSeconds ?? probe.durationSeconds;
	if (duration === null || !(duration > 0))
		throw new IngestError(
			`Shoal can't tell how long this file is, so it can't be processed. ${EXPORT_AGAIN}`,
			true,
			`no usable duration (format ${probe.formatName}, codec ${audio.codec})`
		);
	checkMinimumLength(duration);
	if (duration > limits.maxTrackSeconds)
		throw new IngestError(
			`This track is ${formatLength(duration)} long; the limit is ${formatLimit(limits.maxTrackSeconds)}. Upload a shorter file.`,
			true
		);
	if (!(audio.channels >= 1 && audio.channels <= MAX_CHANNELS))
		throw new IngestError(
			`This file has ${audio.channels} audio channels; Shoal takes 1 to ${MAX_CHANNELS}. Export it again in mono or stereo and upload it.`,
			true
		);
	if (!(audio.sampleRate >= MIN_SAMPLE_RATE && audio.sampleRate <= MAX_SAMPLE_RATE))
		throw new IngestError(
			`This file's sample rate is ${audio.sampleRate} Hz; Shoal takes 8 kHz to 384 kHz. Export it again at 44.1 or 48 kHz and upload it.`,
			true
		);
	return {
		durationSeconds: duration,
		codec: audio.codec,
		sampleRate: audio.sampleRate,
		channels: audio.channels,
		bitsPerSample: audio.bitsPerSample,
		lossless: isLosslessCodec(audio.codec)
	};
}

/**
 * A file that lasts less than a second (by its header, or by what really decoded) is refused: it would
 * otherwise become a "ready" track nobody can listen to.
 */
export function checkMinimumLength(seconds: number): void {
	if (seconds >= MIN_TRACK_SECONDS) return;
	throw new IngestError(
		`This file holds less than one second of audio (${formatShort(seconds)}), so it can't be a track. Check the export and upload the whole track.`,
		true,
		`duration ${seconds} s is below the minimum of ${MIN_TRACK_SECONDS} s`
	);
}

/** "0.02 seconds", "0.5 seconds": lengths under a second, as a person says them. */
function formatShort(seconds: number): string {
	const rounded = Math.max(0, Math.round(seconds * 100) / 100);
	return `${rounded} seconds`;
}

/**
 * These containers state the exact length up front (FLAC's STREAMINFO, MP4's mdhd). MP3 and Ogg
 * lengths are estimates or already follow the data, so a difference there means nothing.
 */
const EXACT_LENGTH_DEMUXERS: readonly AudioDemuxer[] = ['flac', 'mov', 'aiff', 'wav'];
/** Encoder padding and the last partial segment account for far less than this. */
const MISSING_TOLERANCE_SECONDS = 1;
const MISSING_TOLERANCE_FRACTION = 0.01;

/** A file that decodes to much less than its header promises was cut off (an interrupted export or copy). */
export function checkDecodedLength(
	demuxer: AudioDemuxer,
	promisedSeconds: number,
	decodedSeconds: number
): void {
	if (!EXACT_LENGTH_DEMUXERS.includes(demuxer)) return;
	const missing = promisedSeconds - decodedSeconds;
	if (missing > Math.max(MISSING_TOLERANCE_SECONDS, MISSING_TOLERANCE_FRACTION * promisedSeconds))
		throw truncated(promisedSeconds, decodedSeconds);
}

/** The length to show: the container's exact figure where it has one, else what was really decoded. */
export function trackLength(demuxer: AudioDemuxer, promisedSeconds: number, decodedSeconds: number): number {
	const seconds = EXACT_LENGTH_DEMUXERS.includes(demuxer) ? promisedSeconds : decodedSeconds;
	return Math.round(seconds * 1000) / 1000;
}

export function truncated(promisedSeconds: number, heldSeconds: number): IngestError {
	return new IngestError(
		`This file is cut off: its header promises ${formatLength(promisedSeconds)} of audio, but it holds only ${formatLength(heldSeconds)}. ` +
			'Export it again, or upload it again if the copy was interrupted.',
		true
	);
}

/** "10 h 0 min", "3 min 20 s", "45 s": a measured length as a person says it. */
export function formatLength(seconds: number): string {
	const whole = Math.max(0, Math.round(seconds));
	const hours = Math.floor(whole / 3600);
	const minutes = Math.floor((whole % 3600) / 60);
	const rest = whole % 60;
	if (hours > 0) return `${hours} h ${minutes} min`;
	if (minutes > 0) return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
	return `${rest} s`;
}

/** A configured limit reads best in round units: "2 hours", "90 minutes". */
export function formatLimit(seconds: number): string {
	if (seconds % 3600 === 0) return seconds === 3600 ? '1 hour' : `${seconds / 3600} hours`;
	if (seconds % 60 === 0) return seconds === 60 ? '1 minute' : `${seconds / 60} minutes`;
	return formatLength(seconds);
}
