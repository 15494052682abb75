import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { AppContext } from '../lib/server/context';
import { etagMatches, ifRangeAllows, notModifiedSince, parseRange } from '../lib/server/media/http-range';
import type { Viewer } from '../lib/server/media/media-access';
import {
	contentTypeOf,
	parseMediaPath,
	PRIVATE_NO_STORE,
	publicCacheControl,
	type MediaFileRequest
} from '../lib/server/media/media-paths';
import { logRequestFailure } from '../lib/server/http/log-failure';
import { signPlaylist } from '../lib/server/media/playlist-signing';
import { readCookie } from '../lib/server/realtime/realtime-server';
import { SESSION_COOKIE } from '../lib/shared/realtime-events';

// Loaded by the production entry and the dev backend, outside SvelteKit: relative imports only.

/**
 * The media route: HLS playlists, segments and artwork under /media/, as a plain Node handler beside
 * SvelteKit (segments are most of Shoal's requests; see `npm run bench:serve`). Access rules live in
 * the mediaAccess service, URL rules in media-paths, and file paths come from the media store only.
 */
export type MediaHandler = (req: IncomingMessage, res: ServerResponse) => void;

const NOT_FOUND = 'Not found.';
const EXPIRED = 'This link has expired. Reload the page to play the track again.';
const INVALID = 'This link is not valid for you. Reload the page to play the track.';
/** Per-read buffer: a 128k AAC segment (~100 KB) goes out in one read. */
const READ_CHUNK_BYTES = 256 * 1024;
/** Our playlists are a few KB; a bigger one is not ours and is not rewritten in memory. */
const MAX_PLAYLIST_BYTES = 1024 * 1024;
/** Published directories never change, so what stat said stays true; the bound only caps memory. */
const FILE_INFO_TTL_MS = 60_000;
const MAX_FILE_INFOS = 20_000;

interface FileInfo {
	/** Real path, checked to be inside the store (no symlink leads out of it). */
	path: string;
	size: number;
	mtimeMs: number;
	etag: string;
	lastModified: string;
	until: number;
}

export function createMediaHandler(context: AppContext): MediaHandler {
	const { store, mediaAccess, sessions, logger, clock } = context;
	const storeRoot = fs.realpathSync(store.root) + path.sep;
	const fileInfos = new Map<string, FileInfo>();

	async function fileInfo(request: MediaFileRequest): Promise<FileInfo | null> {
		const cacheKey = `${request.key}/${request.file}`;
		const now = clock.now();
		const cached = fileInfos.get(cacheKey);
		if (cached && cached.until > now) return cached;
		const requested = path.join(store.pathOf(request.key), request.file);
		try {
			const real = await fs.promises.realpath(requested);
			if (!real.startsWith(storeRoot)) {
				logger.warn({ path: requested }, 'a media path leads outside the media store');
				return null;
			}
			const stats = await fs.promises.stat(real);
			if (!stats.isFile()) return null;
			const info: FileInfo = {
				path: real,
				size: stats.size,
				mtimeMs: stats.mtimeMs,
				etag: `"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`,
				lastModified: new Date(stats.mtimeMs).toUTCString(),
				until: now + FILE_INFO_TTL_MS
			};
			if (fileInfos.size >= MAX_FILE_INFOS) fileInfos.clear();
			fileInfos.set(cacheKey, info);
			return info;
		} catch {
			return null;
		}
	}

	function viewerOf(req: IncomingMessage): Viewer | null {
		const session = sessions.validate(readCookie(req.headers.cookie, SESSION_COOKIE));
		return session ? { userId: session.user.id, isAdmin: session.user.isAdmin } : null;
	}

	async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			return answer(req, res, 405, 'Media can only be fetched (GET or HEAD).', { Allow: 'GET, HEAD' });
		}
		const url = req.url ?? '';
		const queryAt = url.indexOf('?');
		const request = parseMediaPath(queryAt === -1 ? url : url.slice(0, queryAt));
		if (!request) return answer(req, res, 404, NOT_FOUND);

		if (mediaAccess.isPublic(request)) return sendFile(req, res, request, publicCacheControl(request.kind));

		if (request.area === 'artwork') {
			if (mediaAccess.mayViewPrivateArtwork(request.ownerId, request.key, viewerOf(req)))
				return sendFile(req, res, request, PRIVATE_NO_STORE);
			return answer(req, res, 404, NOT_FOUND);
		}

		// Not public (or no such track, or an old version): only a signature can open it, and without one
		// the answer is the same as for a track that never existed.
		const query = new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1));
		const exp = query.get('exp');
		const sig = query.get('sig');
		if (exp === null && sig === null) return answer(req, res, 404, NOT_FOUND);
		const verdict = mediaAccess.signedTrackAccess(
			request.ownerId,
			request.key,
			viewerOf(req)?.userId ?? null,
			exp,
			sig
		);
		if (verdict === 'expired' || verdict === 'invalid') {
			logger.debug({ url: req.url, verdict }, 'media signature refused');
			return answer(req, res, 403, verdict === 'expired' ? EXPIRED : INVALID);
		}
		if (verdict === 'not_found') return answer(req, res, 404, NOT_FOUND);
		// verify() accepted exp and sig only in their exact URL-safe shapes, so they can be echoed as they are.
		return sendFile(req, res, request, PRIVATE_NO_STORE, `exp=${exp}&sig=${sig}`);
	}

	async function sendFile(
		req: IncomingMessage,
		res: ServerResponse,
		request: MediaFileRequest,
		cacheControl: string,
		signedQuery?: string
	): Promise<void> {
		const info = await fileInfo(request);
		if (!info) return answer(req, res, 404, NOT_FOUND);
		if (signedQuery && request.kind === 'playlist') return sendSignedPlaylist(req, res, info, signedQuery);

		const headers: Record<string, string | number> = {
			'Content-Type': contentTypeOf(request.file),
			'Cache-Control': cacheControl,
			ETag: info.etag,
			'Last-Modified': info.lastModified,
			'Accept-Ranges': 'bytes',
			'X-Content-Type-Options': 'nosniff'
		};
		const ifNoneMatch = req.headers['if-none-match'];
		if (
			ifNoneMatch !== undefined
				? etagMatches(ifNoneMatch, info.etag)
				: notModifiedSince(req.headers['if-modified-since'], info.mtimeMs)
		) {
			res.writeHead(304, headers);
			res.end();
			return;
		}
		const rangeHeader = ifRangeAllows(firstOf(req.headers['if-range']), info.etag, info.lastModified)
			? req.headers.range
			: undefined;
		const range = parseRange(rangeHeader, info.size);
		if (range.kind === 'unsatisfiable') {
			return answer(req, res, 416, 'That byte range is not in this file.', {
				'Content-Range': `bytes */${info.size}`
			});
		}
		const start = range.kind === 'partial' ? range.start : 0;
		const end = range.kind === 'partial' ? range.end : info.size - 1;
		if (range.kind === 'partial') headers['Content-Range'] = `bytes ${start}-${end}/${info.size}`;
		headers['Content-Length'] = end - start + 1;
		const status = range.kind === 'partial' ? 206 : 200;
		if (req.method === 'HEAD' || info.size === 0) {
			res.writeHead(status, headers);
			res.end();
			return;
		}
		// Opened before the status is written, so a file that vanished (a replaced version being removed)
		// is still a clean 404. Callback-style fd streams: cheaper per request than FileHandle streams.
		fs.open(info.path, 'r', (openError, fd) => {
			if (openError) {
				fileInfos.delete(`${request.key}/${request.file}`);
				return answer(req, res, 404, NOT_FOUND);
			}
			if (res.destroyed) return fs.close(fd, () => {});
			res.writeHead(status, headers);
			// pipe() rather than pipeline(): pipeline builds an AbortController and a DOMException per
			// response, which showed up in the serving benchmark's profile.
			const stream = fs.createReadStream('', { fd, start, end, highWaterMark: READ_CHUNK_BYTES });
			stream.on('error', (error) => {
				logger.warn({ err: error, url: req.url }, 'a media file could not be sent');
				res.destroy();
			});
			// A client that goes away stops the read (and closes the file).
			res.once('close', () => stream.destroy());
			stream.pipe(res);
		});
	}

	async function sendSignedPlaylist(
		req: IncomingMessage,
		res: ServerResponse,
		info: FileInfo,
		query: string
	): Promise<void> {
		if (info.size > MAX_PLAYLIST_BYTES) {
			logger.warn({ path: info.path, bytes: info.size }, 'a playlist is too large to sign');
			return answer(req, res, 404, NOT_FOUND);
		}
		const text = await fs.promises.readFile(info.path, 'utf8').catch(() => null);
		if (text === null) return answer(req, res, 404, NOT_FOUND);
		const body = Buffer.from(signPlaylist(text, query));
		const range = parseRange(req.headers.range, body.length);
		if (range.kind === 'unsatisfiable') {
			return answer(req, res, 416, 'That byte range is not in this file.', {
				'Content-Range': `bytes */${body.length}`
			});
		}
		const part = range.kind === 'partial' ? body.subarray(range.start, range.end + 1) : body;
		res.writeHead(range.kind === 'partial' ? 206 : 200, {
			'Content-Type': contentTypeOf(info.path),
			'Content-Length': part.length,
			'Cache-Control': PRIVATE_NO_STORE,
			'Accept-Ranges': 'bytes',
			'X-Content-Type-Options': 'nosniff',
			...(range.kind === 'partial'
				? { 'Content-Range': `bytes ${range.start}-${range.end}/${body.length}` }
				: {})
		});
		res.end(req.method === 'HEAD' ? undefined : part);
	}

	return (req, res) => {
		// Mounted under /media in dev, connect strips the prefix; the whitelist wants the full path.
		const original = (req as IncomingMessage & { originalUrl?: string }).originalUrl;
		if (original) req.url = original;
		serve(req, res).catch((error: unknown) => {
			logRequestFailure(logger, 500, error, { url: req.url, what: 'media request' });
			if (!res.headersSent) answer(req, res, 500, 'The server could not send this file. Please try again.');
			else res.destroy();
		});
	};
}

function firstOf(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

/** A short plain-text answer. Every refusal goes through here, so equal statuses have equal headers. */
function answer(
	req: IncomingMessage,
	res: ServerResponse,
	status: number,
	message: string,
	headers: Record<string, string> = {}
): void {
	res.writeHead(status, {
		'Content-Type': 'text/plain; charset=utf-8',
		'Content-Length': Buffer.byteLength(message),
		'Cache-Control': 'no-store',
		'X-Content-Type-Options': 'nosniff',
		...headers
	});
	res.end(req.method === 'HEAD' ? undefined : message);
}
