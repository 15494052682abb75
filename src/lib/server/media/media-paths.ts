/**
 * The only URLs the media route answers, as a strict whitelist over the raw request path: the names
 * the media worker writes and nothing else. Anything that does not match (`..`, percent-encoding,
 * backslashes, NUL, doubled slashes, other files) is simply not a media URL, so it is a 404 before
 * any file system call. The key part is then turned into a path by the media store alone.
 *
 *   /media/tracks/<trackId>/<version>/master.m3u8
 *   /media/tracks/<trackId>/<version>/<rung>/index.m3u8 | init_<n>.mp4 | segment_<n>.m4s
 *   /media/artwork/<ownerId>/<version>/cover_<1200|600|300>.<webp|jpg>  (covers and avatars)
 *   /media/artwork/<ownerId>/<version>/banner_<1500|750>.<webp|jpg>      (artist banners)
 *
 * (media-worker/ffmpeg/args.ts writes these: MASTER_PLAYLIST, MEDIA_PLAYLIST, `-hls_fmp4_init_filename
 * init.mp4`, to which ffmpeg adds the stream index (init_0.mp4 …), and `segment_%05d.m4s`, in one
 * directory per rung; artworkFileName for covers.)
 */
const TRACK_PATH =
	/^\/media\/(tracks\/([A-Za-z0-9_-]{1,64})\/v[A-Za-z0-9_-]{1,63})\/(master\.m3u8|[a-z][a-z0-9_]{0,31}\/(?:index\.m3u8|init(?:_\d{1,2})?\.mp4|segment_\d{1,9}\.m4s))$/;
const ARTWORK_PATH =
	/^\/media\/(artwork\/([A-Za-z0-9_-]{1,64})\/v[A-Za-z0-9_-]{1,63})\/(cover_(?:1200|600|300)\.(?:webp|jpg)|banner_(?:1500|750)\.(?:webp|jpg))$/;

export type MediaFileKind = 'playlist' | 'init' | 'segment' | 'image';

export interface MediaFileRequest {
	area: 'tracks' | 'artwork';
	/** The media-store key of the published directory, e.g. `tracks/<trackId>/v<job>-<token>`. */
	key: string;
	/** The track id or the artwork owner's id (a release or a track). */
	ownerId: string;
	/** The file inside the directory, e.g. `aac_128k/segment_00003.m4s`. */
	file: string;
	kind: MediaFileKind;
}

/** Parses the path part of a request URL (no query); null for anything that is not a media file. */
export function parseMediaPath(pathname: string): MediaFileRequest | null {
	const track = TRACK_PATH.exec(pathname);
	if (track)
		return { area: 'tracks', key: track[1], ownerId: track[2], file: track[3], kind: kindOf(track[3]) };
	const artwork = ARTWORK_PATH.exec(pathname);
	if (artwork)
		return { area: 'artwork', key: artwork[1], ownerId: artwork[2], file: artwork[3], kind: 'image' };
	return null;
}

function kindOf(file: string): MediaFileKind {
	if (file.endsWith('.m3u8')) return 'playlist';
	if (file.endsWith('.mp4')) return 'init';
	return 'segment';
}

/**
 * hls.js reads bodies through fetch/XHR whatever the type; Safari's native HLS wants the Apple
 * playlist type and accepts `audio/mp4` for fMP4 audio (the init section is an MP4 file too).
 */
export function contentTypeOf(file: string): string {
	if (file.endsWith('.m3u8')) return 'application/vnd.apple.mpegurl';
	if (file.endsWith('.webp')) return 'image/webp';
	if (file.endsWith('.jpg')) return 'image/jpeg';
	return 'audio/mp4';
}

/**
 * Published directories never change (a new encode is a new version), so their segments, init
 * sections and artwork can live in any cache for a year. Playlists are the entry point: a short
 * lifetime means unpublishing reaches shared caches within a minute, and without a playlist nobody
 * finds the segments.
 */
export const PUBLIC_IMMUTABLE = 'public, max-age=31536000, immutable';
export const PUBLIC_PLAYLIST = 'public, max-age=60';
/** Anything that needed a signature or a session. */
export const PRIVATE_NO_STORE = 'private, no-store';

export function publicCacheControl(kind: MediaFileKind): string {
	return kind === 'playlist' ? PUBLIC_PLAYLIST : PUBLIC_IMMUTABLE;
}
