import type { ReleaseStatus, TrackStatus } from '../../shared/catalog';

/**
 * Who may see and who may edit: the one home of these rules. Services ask `can()`; SQL that filters
 * whole lists by visibility uses `isPublicAt` / `isPlayableByAnyoneAt` from the release repository,
 * which are the same rules as `isReleasePublicAt` / `isTrackPlayableByAnyoneAt` here (a test checks
 * that both agree on a table of rows, and that search's stored `public_from` agrees too).
 *
 * The policy answers "may this person do this to this thing at all". Whether the thing is in a state
 * that allows it (publishing needs ready tracks, only a failed track can be retried) is the service's
 * business, answered with its own message. Someone who may not even see a thing is told it does not
 * exist, so refusals never reveal drafts.
 *
 * Pure functions over plain values; it grows by adding a resource kind and its actions (collections,
 * comments, rooms …).
 */

/** A signed-in person. Null means signed out. */
export interface Actor {
	userId: string;
	isAdmin: boolean;
}
export type Viewer = Actor | null;

/** What decides whether a release (and what is on it) is public. */
export interface Publication {
	status: ReleaseStatus;
	publishAt: number | null;
}

/** What decides whether a track can be heard: processed, with its published media. */
export interface TrackState {
	status: TrackStatus;
	mediaKey: string | null;
}

export type Resource =
	| { kind: 'artist'; ownerUserId: string }
	| { kind: 'release'; ownerUserId: string; release: Publication }
	| { kind: 'track'; ownerUserId: string; release: Publication; track: TrackState }
	/** A release's cover or a ready track's own artwork (which file is current is the caller's check). */
	| { kind: 'artwork'; ownerUserId: string; release: Publication };

export const ACTIONS = {
	/** `edit`: the profile. */
	artist: ['view', 'edit'],
	/** `view`: its page and listing; `upload`: add or replace a track on it. */
	release: ['view', 'edit', 'delete', 'publish', 'unpublish', 'setCover', 'upload'],
	/**
	 * `view`: its page, the player, and its media files. Files of a track anyone may hear are served
	 * plainly; any other track's files only with a signature, and `playable` signs URLs only for
	 * viewers who may `view` the track, bound to that viewer (see mediaNeedsSignature).
	 * `move` covers every change of order (up/down, a new number, reordering the list).
	 */
	track: ['view', 'edit', 'move', 'delete', 'retry', 'replace'],
	artwork: ['view']
} as const satisfies Record<Resource['kind'], readonly string[]>;

export type ActionOn<K extends Resource['kind']> = (typeof ACTIONS)[K][number];

/** Published, or scheduled and its moment has come (no timer needed). Same rule as SQL `isPublicAt`. */
export function isReleasePublicAt(release: Publication, now: number): boolean {
	return (
		release.status === 'published' ||
		(release.status === 'scheduled' && release.publishAt !== null && release.publishAt <= now)
	);
}

/** Ready with its media, on a release public at `now`. Same rule as SQL `isPlayableByAnyoneAt`. */
export function isTrackPlayableByAnyoneAt(track: TrackState, release: Publication, now: number): boolean {
	return isReadyToPlay(track) && isReleasePublicAt(release, now);
}

/** A track's media files need a signed URL unless anyone may hear it. */
export function mediaNeedsSignature(track: TrackState, release: Publication, now: number): boolean {
	return !isTrackPlayableByAnyoneAt(track, release, now);
}

/** The artist this belongs to is this person. (Not admins: "your own page" links use this.) */
export function isOwner(viewer: Viewer, ownerUserId: string): boolean {
	return viewer !== null && viewer.userId === ownerUserId;
}

function isOwnerOrAdmin(viewer: Viewer, ownerUserId: string): boolean {
	return viewer !== null && (viewer.isAdmin || viewer.userId === ownerUserId);
}

function isReadyToPlay(track: TrackState): boolean {
	return track.status === 'ready' && track.mediaKey !== null;
}

/** May `viewer` do `action` to `resource` at `now`? */
export function can<R extends Resource>(
	viewer: Viewer,
	action: ActionOn<R['kind']>,
	resource: R,
	now: number
): boolean {
	const thing: Resource = resource;
	const mayManage = isOwnerOrAdmin(viewer, thing.ownerUserId);
	switch (thing.kind) {
		case 'artist':
			// Every artist profile is public; only its owner (or an admin) changes it.
			return action === 'view' || mayManage;
		case 'release':
			// Drafts and not-yet-due releases are previews for their artist and admins; every change is
			// theirs alone, whatever the state.
			return action === 'view' ? isReleasePublicAt(thing.release, now) || mayManage : mayManage;
		case 'track':
			// Only a processed track has a page or can be played; changes need no particular state here.
			if (action !== 'view') return mayManage;
			return isReadyToPlay(thing.track) && (isReleasePublicAt(thing.release, now) || mayManage);
		case 'artwork':
			return isReleasePublicAt(thing.release, now) || mayManage;
	}
}
