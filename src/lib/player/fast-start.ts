import { firstAudio, type FirstAudio } from './warm-start';

/**
 * The first seconds of a track without waiting for hls.js. The moment a track is asked for, the
 * element gets a MediaSource of ours, and the starting rung's init section and first segment (which
 * warm-start.ts has usually been fetching since the button was pressed) go into its SourceBuffer: the
 * track starts while hls.js is still being imported and set up, which on a first play costs more
 * than everything else together. hls.js then takes over this MediaSource and SourceBuffer (its
 * `attachMedia({ media, mediaSource, tracks })`, made for handing media from one player to another)
 * and carries on: it appends the first segment once more (the same bytes at the same times, so
 * nothing is heard twice), which tells it what is buffered and lets it end the stream itself.
 */

export interface FilledBuffer {
	buffer: SourceBuffer;
	codecs: string;
}

export interface FastStart {
	readonly mediaSource: MediaSource;
	/** The SourceBuffer once the first seconds are in it; null when the fast start did not work out. */
	readonly ready: Promise<FilledBuffer | null>;
}

const OPEN_TIMEOUT_MS = 10_000;

export function canFastStart(): boolean {
	return typeof window !== 'undefined' && 'MediaSource' in window && 'createObjectURL' in URL;
}

/** Puts a MediaSource on `audio` now and fills it with the first segment of `src` (a master playlist URL). */
export function fastStart(audio: HTMLAudioElement, src: string, lossless: boolean): FastStart {
	const mediaSource = new MediaSource();
	const url = URL.createObjectURL(mediaSource);
	// The element holds on to the MediaSource once open; the URL is not needed after that. (If another
	// source replaces this one first, it never opens: the timeout lets go of it.)
	const opened = new Promise<boolean>((resolve) => {
		const settle = (open: boolean) => {
			clearTimeout(timer);
			URL.revokeObjectURL(url);
			resolve(open);
		};
		const timer = setTimeout(() => settle(false), OPEN_TIMEOUT_MS);
		mediaSource.addEventListener('sourceopen', () => settle(true), { once: true });
	});
	audio.src = url;
	const ready = Promise.all([firstAudio(src, lossless), opened])
		.then(([first, open]) => (first && open ? fill(mediaSource, first) : null))
		.catch(() => null);
	return { mediaSource, ready };
}

async function fill(mediaSource: MediaSource, first: FirstAudio): Promise<FilledBuffer | null> {
	const type = `audio/mp4; codecs="${first.codecs}"`;
	if (mediaSource.readyState !== 'open' || !MediaSource.isTypeSupported(type)) return null;
	const buffer = mediaSource.addSourceBuffer(type);
	// The whole length from the start, so the seek bar does not grow segment by segment.
	if (first.duration > 0) mediaSource.duration = first.duration;
	await append(buffer, first.init);
	await append(buffer, first.first);
	return { buffer, codecs: first.codecs };
}

function append(buffer: SourceBuffer, data: ArrayBuffer): Promise<void> {
	return new Promise((resolve, reject) => {
		const settle = (event: Event) => {
			buffer.removeEventListener('updateend', settle);
			buffer.removeEventListener('error', settle);
			if (event.type === 'error') reject(new Error('the first segment could not be appended'));
			else resolve();
		};
		buffer.addEventListener('updateend', settle);
		buffer.addEventListener('error', settle);
		buffer.appendBuffer(data);
	});
}
