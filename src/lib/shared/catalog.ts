/** Catalogue vocabularies shared by server, worker and browser (zod enums are built from these). */
export const RELEASE_TYPES = ['album', 'ep', 'single'] as const;
export type ReleaseType = (typeof RELEASE_TYPES)[number];

export const LICENCES = [
	'all-rights-reserved',
	'cc-by',
	'cc-by-sa',
	'cc-by-nd',
	'cc-by-nc',
	'cc-by-nc-sa',
	'cc-by-nc-nd',
	'cc0'
] as const;
export type Licence = (typeof LICENCES)[number];

export const LICENCE_LABELS: Record<Licence, string> = {
	'all-rights-reserved': 'All rights reserved',
	'cc-by': 'Creative Commons Attribution (CC BY 4.0)',
	'cc-by-sa': 'Creative Commons Attribution-ShareAlike (CC BY-SA 4.0)',
	'cc-by-nd': 'Creative Commons Attribution-NoDerivatives (CC BY-ND 4.0)',
	'cc-by-nc': 'Creative Commons Attribution-NonCommercial (CC BY-NC 4.0)',
	'cc-by-nc-sa': 'Creative Commons Attribution-NonCommercial-ShareAlike (CC BY-NC-SA 4.0)',
	'cc-by-nc-nd': 'Creative Commons Attribution-NonCommercial-NoDerivatives (CC BY-NC-ND 4.0)',
	cc0: 'Public domain dedication (CC0 1.0)'
};

/** draft: only the artist sees it; scheduled: public from publish_at on; published: public. */
export const RELEASE_STATUSES = ['draft', 'scheduled', 'published'] as const;
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

/** processing covers queued, running and retrying; failed is final until the artist retries or replaces. */
export const TRACK_STATUSES = ['processing', 'ready', 'failed'] as const;
export type TrackStatus = (typeof TRACK_STATUSES)[number];

/** What the worker is doing, shown next to the processing bar. */
export const TRACK_STAGES = [
	'queued',
	'probing',
	'encoding',
	'analysing',
	'artwork',
	'publishing',
	'retrying'
] as const;
export type TrackStage = (typeof TRACK_STAGES)[number];

export const TRACK_STAGE_LABELS: Record<TrackStage, string> = {
	queued: 'Waiting for the media worker',
	probing: 'Reading the file',
	encoding: 'Encoding streams',
	analysing: 'Measuring loudness and waveform',
	artwork: 'Preparing artwork',
	publishing: 'Publishing',
	retrying: 'Retrying'
};

/** The live state of one track, as sent to the artist's browser. */
export interface TrackUpdate {
	id: string;
	releaseId: string;
	artistId: string;
	status: TrackStatus;
	stage: TrackStage | null;
	/** 0..1 within processing. */
	progress: number;
	/** Why it failed (or why it is retrying), in plain words; null otherwise. */
	error: string | null;
	/** The technical detail behind `error`, for an expandable "Details" line. */
	errorDetail: string | null;
	title: string;
	/** 1..n in the release (see track-order.ts). */
	position: number;
	/** From the tags or the artist's moves; null reads as disc 1. */
	discNumber: number | null;
	durationSeconds: number | null;
	loudnessLufs: number | null;
	truePeakDbtp: number | null;
	lossless: boolean;
	updatedAt: number;
}

/** Where a release's uploaded cover stands. */
export const COVER_STATES = ['none', 'processing', 'ready', 'failed'] as const;
export type CoverState = (typeof COVER_STATES)[number];

/**
 * The one rule for a cover's state. A failed upload says so even when an earlier cover is still
 * shown; a cover job in flight is "processing" until it finishes either way.
 */
export function coverStateOf(release: {
	coverKey: string | null;
	coverJobId: string | null;
	coverError: string | null;
}): CoverState {
	if (release.coverError !== null) return 'failed';
	if (release.coverJobId !== null) return 'processing';
	return release.coverKey ? 'ready' : 'none';
}

/** The live state of a release's cover, as sent to the artist's browser (`release:update`). */
export interface ReleaseUpdate {
	id: string;
	artistId: string;
	cover: CoverState;
	coverError: string | null;
	coverErrorDetail: string | null;
	updatedAt: number;
}

/** A public release as lists show it (home, artist and tag pages): what a card needs. */
export interface ReleaseCard {
	id: string;
	title: string;
	type: ReleaseType;
	releaseDate: string | null;
	artistName: string;
	artistHandle: string;
	/** Artwork directory (cover_<size>.<webp|jpg> inside), or null. */
	artworkBase: string | null;
	trackCount: number;
}

/** Releases grouped by type for an artist page, in the order albums, EPs, singles; empty groups left out. */
export function groupReleasesByType<T extends { type: ReleaseType }>(
	releases: readonly T[]
): { type: ReleaseType; releases: T[] }[] {
	return RELEASE_TYPES.map((type) => ({ type, releases: releases.filter((r) => r.type === type) })).filter(
		(group) => group.releases.length > 0
	);
}
