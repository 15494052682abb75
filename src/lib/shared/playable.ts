/**
 * Everything the browser player needs to play one track. Built on the server (pages, the playable
 * endpoint) and kept by the player's queue, so it must stay small: no peaks here.
 */
export interface PlayableTrack {
	id: string;
	title: string;
	artistName: string;
	artistHandle: string;
	releaseId: string;
	releaseTitle: string;
	durationSeconds: number;
	/** EBU R128 integrated loudness; the player normalises towards about −14 LUFS with it. */
	loudnessLufs: number | null;
	/** True when the ladder has a FLAC rung (the "lossless" switch). */
	lossless: boolean;
	/** The master playlist: a plain URL for public tracks, a short-lived signed one otherwise. */
	src: string;
	/** When a signed `src` stops working (epoch ms); null when it never expires. */
	srcExpiresAt: number | null;
	/** Base URL of the artwork directory (cover_<size>.<webp|jpg> inside), or null. */
	artworkBase: string | null;
}

export const ARTWORK_FILE_SIZES = [1200, 600, 300] as const;
export type ArtworkSize = (typeof ARTWORK_FILE_SIZES)[number];

export function artworkSrc(base: string, size: ArtworkSize, format: 'webp' | 'jpg'): string {
	return `${base}/cover_${size}.${format}`;
}
