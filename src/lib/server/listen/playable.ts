import type { PlayableTrack } from '../../shared/playable';
import type { ReleaseRow } from '../catalog/release-repository';
import type { TrackRow } from '../catalog/track-repository';
import type { MediaUrls } from '../media/media-urls';

export interface PlayableSource {
	track: TrackRow;
	release: Pick<ReleaseRow, 'id' | 'title' | 'coverKey'>;
	artist: { name: string; handle: string };
	/** Whether the release is public now (published, or scheduled and due). */
	isPublic: boolean;
	/** Who will play it: signatures for non-public tracks are bound to this user. */
	viewerUserId: string | null;
}

export function hasLosslessRung(track: Pick<TrackRow, 'rungs'>): boolean {
	return (track.rungs ?? []).some((rung) => rung.codecs.toLowerCase().includes('flac'));
}

/**
 * What the player needs to play a track, or null when there is nothing to play yet (not ready).
 * Callers decide who may see the track; this only decides how its URL is made.
 */
export function toPlayable(source: PlayableSource, urls: MediaUrls): PlayableTrack | null {
	const { track, release, artist, isPublic, viewerUserId } = source;
	if (track.status !== 'ready' || !track.mediaKey) return null;
	const master = urls.fileUrl(track.mediaKey, 'master.m3u8');
	const signature = isPublic ? null : urls.sign(track.id, viewerUserId);
	return {
		id: track.id,
		title: track.title,
		artistName: artist.name,
		artistHandle: artist.handle,
		releaseId: release.id,
		releaseTitle: release.title,
		durationSeconds: track.durationSeconds ?? 0,
		loudnessLufs: track.loudnessLufs,
		lossless: hasLosslessRung(track),
		src: signature ? `${master}?${signature.query}` : master,
		srcExpiresAt: signature?.expiresAt ?? null,
		artworkBase: urls.artworkBase(release.coverKey ?? track.artworkKey)
	};
}
