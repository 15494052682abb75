import { ARTWORK_FILE_SIZES, artworkSrc, type PlayableTrack } from '$lib/shared/playable';

/** What the lock screen and media keys may ask of the player. */
export interface SessionControls {
	readonly playing: boolean;
	readonly position: number;
	readonly duration: number;
	play(): void;
	pause(): void;
	next(): void;
	previous(): void;
	seek(seconds: number): void;
}

const SKIP_SECONDS = 10;
let installed = false;

function session(): MediaSession | null {
	return typeof navigator !== 'undefined' && 'mediaSession' in navigator ? navigator.mediaSession : null;
}

function install(media: MediaSession, player: SessionControls): void {
	if (installed) return;
	installed = true;
	const handlers: Array<[MediaSessionAction, MediaSessionActionHandler]> = [
		['play', () => player.play()],
		['pause', () => player.pause()],
		['previoustrack', () => player.previous()],
		['nexttrack', () => player.next()],
		['seekto', (details) => details.seekTime !== undefined && player.seek(details.seekTime)],
		['seekbackward', (details) => player.seek(player.position - (details.seekOffset ?? SKIP_SECONDS))],
		['seekforward', (details) => player.seek(player.position + (details.seekOffset ?? SKIP_SECONDS))]
	];
	for (const [action, handler] of handlers) {
		try {
			media.setActionHandler(action, handler);
		} catch {
			// Browsers reject actions they do not know; the others still work.
		}
	}
}

/** Lock-screen metadata for the track now in the bar. */
export function syncSessionTrack(track: PlayableTrack, player: SessionControls): void {
	const media = session();
	if (!media || typeof MediaMetadata === 'undefined') return;
	install(media, player);
	const base = track.artworkBase;
	media.metadata = new MediaMetadata({
		title: track.title,
		artist: track.artistName,
		album: track.releaseTitle,
		artwork: base
			? ARTWORK_FILE_SIZES.map((size) => ({
					src: artworkSrc(base, size, 'jpg'),
					sizes: `${size}x${size}`,
					type: 'image/jpeg'
				}))
			: []
	});
}

let lastPositionUpdate = 0;

export function syncSessionPosition(player: SessionControls): void {
	const media = session();
	if (!media) return;
	media.playbackState = player.playing ? 'playing' : 'paused';
	const now = Date.now();
	// timeupdate fires four times a second; the OS extrapolates between updates on its own.
	if (player.playing && now - lastPositionUpdate < 1000) return;
	lastPositionUpdate = now;
	if (!(player.duration > 0) || !media.setPositionState) return;
	try {
		media.setPositionState({
			duration: player.duration,
			position: Math.min(Math.max(0, player.position), player.duration),
			playbackRate: 1
		});
	} catch {
		// An inconsistent state (a duration change racing a seek) is simply skipped.
	}
}

export function clearSession(): void {
	const media = session();
	if (!media) return;
	media.metadata = null;
	media.playbackState = 'none';
}
