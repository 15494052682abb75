import { createHash } from 'node:crypto';
import type { BuiltFormat, DownloadFormat } from '../../shared/downloads';

/**
 * Everything a release's download files are made of, read in one go by the repository. Pure functions
 * below turn it into tags and a version; the web side and the worker both use them, so both agree on
 * what "the current files" are.
 */
export interface DownloadSnapshot {
	release: {
		id: string;
		title: string;
		artistName: string;
		releaseDate: string | null;
		publishAt: number | null;
		tags: string[];
		licence: string;
		description: string;
	};
	/** The artwork directory embedded as the cover (the release's, else the first track's own). */
	coverKey: string | null;
	/** Ready tracks in release order. */
	tracks: SnapshotTrack[];
}

export interface SnapshotTrack {
	id: string;
	title: string;
	/** Main and featured artists; today the release's artist (per-track artists arrive with credits). */
	artists: { main: string[]; featured: string[] };
	disc: number;
	sourceKey: string;
	sourceKind: string;
	sourceDemuxer: string;
	sourceBytes: number;
	/** Changes with every successful ingest, so a replaced original gives a new version. */
	mediaKey: string | null;
	lossless: boolean;
	durationSeconds: number | null;
}

/** The generic (ffmpeg) tag names the download builders write, per track. */
export interface DownloadTags {
	title: string;
	artist: string;
	album: string;
	album_artist: string;
	trackNumber: number;
	trackTotal: number;
	discNumber: number;
	discTotal: number;
	/** YYYY-MM-DD, or null when the release has no date yet. */
	date: string | null;
	genre: string | null;
	comment: string;
}

/**
 * FLAC is made only from lossless originals: a FLAC of an MP3 is a bigger file of the same lossy
 * sound, which would mislead. So a release offers FLAC only when every track was uploaded lossless.
 */
export function possibleFormats(snapshot: DownloadSnapshot): DownloadFormat[] {
	if (snapshot.tracks.length === 0) return [];
	const allLossless = snapshot.tracks.every((track) => track.lossless);
	return allLossless ? ['original', 'flac', 'mp3-320'] : ['original', 'mp3-320'];
}

/** "A", "A & B", "A & B feat. C" */
export function artistsText(artists: { main: string[]; featured: string[] }): string {
	const main = artists.main.join(' & ');
	return artists.featured.length ? `${main} feat. ${artists.featured.join(' & ')}` : main;
}

export function releaseUrl(origin: string, releaseId: string): string {
	return `${origin}/releases/${releaseId}`;
}

function releaseDay(release: DownloadSnapshot['release']): string | null {
	if (release.releaseDate) return release.releaseDate;
	return release.publishAt !== null ? new Date(release.publishAt).toISOString().slice(0, 10) : null;
}

export function trackTags(snapshot: DownloadSnapshot, index: number, origin: string): DownloadTags {
	const { release, tracks } = snapshot;
	const track = tracks[index];
	const discTotal = Math.max(1, ...tracks.map((t) => t.disc));
	const onDisc = tracks.filter((t) => t.disc === track.disc);
	return {
		title: track.title,
		artist: artistsText(track.artists),
		album: release.title,
		album_artist: release.artistName,
		trackNumber: onDisc.indexOf(track) + 1,
		trackTotal: onDisc.length,
		discNumber: track.disc,
		discTotal,
		date: releaseDay(release),
		// One genre, the release's first tag as the artist wrote it; players show one anyway.
		genre: release.tags[0] ?? null,
		comment: releaseUrl(origin, release.id)
	};
}

/**
 * A content hash of everything that goes into the built files of `format`: tags, the originals (by key
 * and by the ingest that last accepted them) and the cover. Any change gives a new version.
 */
export function downloadVersion(snapshot: DownloadSnapshot, format: BuiltFormat, origin: string): string {
	const content = {
		layout: 1,
		format,
		cover: snapshot.coverKey,
		tracks: snapshot.tracks.map((track, index) => ({
			source: [track.sourceKey, track.mediaKey, track.sourceBytes],
			tags: trackTags(snapshot, index, origin)
		}))
	};
	return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);
}

export const BUILT_EXTENSIONS: Record<BuiltFormat, string> = { flac: 'flac', 'mp3-320': 'mp3' };

/** The name of a built file inside its media-store directory: 01.mp3, 02.mp3 … (never from user text). */
export function builtFileName(index: number, format: BuiltFormat): string {
	return `${String(index + 1).padStart(3, '0')}.${BUILT_EXTENSIONS[format]}`;
}
