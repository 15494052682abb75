import type { TrackUpdate } from '$lib/shared/catalog';

/** A track as the studio shows it: its live state, the uploaded file's name, and (once ready) peaks. */
export interface StudioTrack extends TrackUpdate {
	originalName: string;
	/** Downsampled for drawing; null until the track is ready. */
	peaks: number[] | null;
}

/** What an editor form action answered, narrowed to what the components show. */
export interface FormResult {
	message?: string;
	success?: string;
	/** Accepted, with something to know (a cover smaller than recommended). */
	warning?: string | null;
	errors?: Record<string, string>;
	values?: Record<string, string>;
}

export type { CoverState } from '$lib/shared/catalog';
