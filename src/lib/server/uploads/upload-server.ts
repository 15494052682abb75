import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { FileStore } from '@tus/file-store';
import { ERRORS, Server, Upload } from '@tus/server';
import type { Actor } from '../artists/artist-service';
import { toTrackUpdate } from '../catalog/catalog-service';
import type { AppContext } from '../context';
import { isServiceError } from '../errors';
import { logRequestFailure } from '../http/log-failure';
import { nodeRequestOf, sendTusResponse, toTusRequest } from './tus-bridge';
import { createCreationPolicy } from './upload-creation';
import {
	answer,
	authenticate,
	humanTusError,
	isTusRefusal,
	jsonAnswer,
	refusal,
	UPLOAD_NOT_FOUND
} from './upload-http';
import { readStoredMetadata, toTusMetadata, type StoredMetadata } from './upload-metadata';
import { removeUploadFiles, sweepUploads, UPLOAD_ID } from './upload-sweep';

// Loaded by the production entry and the dev Vite plugin, outside SvelteKit: relative imports only.

export const UPLOAD_PATH = '/uploads/files';
const HOUR_MS = 60 * 60 * 1000;
export const UPLOAD_EXPIRATION_MS = 24 * HOUR_MS;

/** A Node request handler for everything under /uploads/, plus the upkeep it owns. */
export interface UploadServer {
	(req: IncomingMessage, res: ServerResponse): void;
	/** Stops the hourly cleanup; resolves once no upload request or cleanup is still running. */
	stop(): Promise<void>;
	/** Removes expired and orphaned upload files now (also run at start and every hour). */
	sweep(): Promise<number>;
}

export function createUploadServer(
	context: AppContext,
	options: { expirationMs?: number } = {}
): UploadServer {
	const { config, logger, catalog, sessions } = context;
	const creation = createCreationPolicy(context);
	const expirationMs = options.expirationMs ?? UPLOAD_EXPIRATION_MS;
	const directory = config.uploadsDir;
	// FileStore creates its directory asynchronously; the first request must not race it.
	fs.mkdirSync(directory, { recursive: true });
	const store = new FileStore({ directory, expirationPeriodInMilliseconds: expirationMs });
	// Quota and the size cap are checked before any byte is written, so the size must be known up front.
	// Bytes arrive only by PATCH: tus re-reads an upload completed by its creation request after the
	// finish hook has already moved the file away, so creation-with-upload is not offered.
	const notOffered = ['creation-defer-length', 'creation-with-upload'];
	store.extensions = store.extensions.filter((extension) => !notOffered.includes(extension));

	const actors = new WeakMap<IncomingMessage, Actor>();
	/** Uploads whose bytes are all here and which are being registered as tracks right now. */
	const finishing = new Set<string>();
	/** PATCH requests in flight, per upload. */
	const patching = new Map<string, number>();
	const busy = (id: string) => finishing.has(id) || patching.has(id);
	const dataPath = (id: string) => path.join(directory, id);

	function actorOf(req: Request): Actor {
		const node = nodeRequestOf(req);
		const actor = node && actors.get(node);
		if (!actor) throw refusal(401, 'Sign in to upload.');
		return actor;
	}

	async function finish(actor: Actor, upload: Upload) {
		const id = upload.id;
		if (finishing.has(id)) return jsonAnswer(409, { message: 'This upload is already being saved.' });
		finishing.add(id);
		try {
			const metadata = readStoredMetadata(upload.metadata);
			if (!metadata || metadata.userId !== actor.userId) throw refusal(404, UPLOAD_NOT_FOUND);
			const track = await catalog.registerUpload(actor, {
				releaseId: metadata.releaseId,
				filePath: dataPath(id),
				originalName: metadata.filename,
				...(metadata.replaceTrackId ? { replaceTrackId: metadata.replaceTrackId } : {}),
				...(metadata.batch ? { uploadBatch: metadata.batch } : {})
			});
			await markRegistered(upload, metadata, track.id);
			logger.info({ uploadId: id, trackId: track.id }, 'upload registered as a track');
			return jsonAnswer(200, { track: toTrackUpdate(track) });
		} catch (error) {
			await removeUploadFiles(directory, id);
			if (isServiceError(error)) return jsonAnswer(422, { message: error.message });
			if (isTusRefusal(error)) return jsonAnswer(error.status_code, { message: error.body });
			logRequestFailure(logger, 500, error, { uploadId: id, what: 'registering a finished upload' });
			return jsonAnswer(500, { message: 'The file arrived but could not be saved. Please upload it again.' });
		} finally {
			finishing.delete(id);
		}
	}

	/**
	 * The sidecar outlives the file as a receipt, so a client whose final response was lost (it resumes
	 * with HEAD) learns that its upload became a track instead of starting it again.
	 */
	async function markRegistered(upload: Upload, metadata: StoredMetadata, trackId: string): Promise<void> {
		await fs.promises.rm(dataPath(upload.id), { force: true });
		await store.configstore.set(
			upload.id,
			new Upload({
				id: upload.id,
				size: upload.size,
				offset: upload.size ?? 0,
				metadata: toTusMetadata({ ...metadata, trackId }),
				creation_date: upload.creation_date
			})
		);
	}

	const tus = new Server({
		path: UPLOAD_PATH,
		datastore: store,
		relativeLocation: true,
		maxSize: config.maxUploadBytes,
		allowedOrigins: [config.origin],
		disableTerminationForFinishedUploads: true,
		namingFunction: () => randomBytes(16).toString('hex'),
		onUploadCreate: async (req, upload) => ({
			metadata: creation.authorise(actorOf(req), upload.metadata, upload.size)
		}),
		onUploadFinish: (req, upload) => finish(actorOf(req), upload),
		onResponseError: (req, error) => {
			if (error === ERRORS.ERR_MAX_SIZE_EXCEEDED) {
				if (req.method !== 'POST') return refusal(413, creation.tooLarge());
				return creation.oversizeCreation(actorOf(req), req);
			}
			return humanTusError(error);
		}
	});

	/** Requests for one upload: only its creator may see, continue or end it. */
	async function serveUpload(req: IncomingMessage, res: ServerResponse, actor: Actor, id: string) {
		const record = await store.configstore.get(id);
		const metadata = readStoredMetadata(record?.metadata);
		if (!record || !metadata || metadata.userId !== actor.userId) return answer(res, 404, UPLOAD_NOT_FOUND);
		if (metadata.trackId) return answerRegistered(req, res, id, record.size ?? 0, metadata.trackId);
		if (req.method === 'HEAD' && record.size !== undefined) {
			const bytes = await fs.promises.stat(dataPath(id)).then(
				(stat) => stat.size,
				() => undefined
			);
			if (bytes === record.size) {
				if (busy(id)) return answer(res, 423, 'This upload is being saved; try again in a moment.');
				// All bytes arrived but the server stopped before registering them: start clean.
				await removeUploadFiles(directory, id);
				return answer(
					res,
					404,
					'This upload was interrupted while being saved. Please upload the file again.'
				);
			}
		}
		if (req.method !== 'PATCH') return passToTus(req, res, actor);
		patching.set(id, (patching.get(id) ?? 0) + 1);
		try {
			await passToTus(req, res, actor);
		} finally {
			const left = (patching.get(id) ?? 1) - 1;
			if (left > 0) patching.set(id, left);
			else patching.delete(id);
		}
	}

	async function answerRegistered(
		req: IncomingMessage,
		res: ServerResponse,
		id: string,
		size: number,
		trackId: string
	) {
		if (req.method === 'HEAD') {
			return answer(res, 200, '', {
				'Upload-Offset': String(size),
				'Upload-Length': String(size),
				'Shoal-Track-Id': trackId
			});
		}
		if (req.method === 'DELETE') {
			await removeUploadFiles(directory, id);
			return answer(res, 204, '');
		}
		return answer(res, 410, 'This upload is already finished.');
	}

	async function passToTus(req: IncomingMessage, res: ServerResponse, actor: Actor) {
		actors.set(req, actor);
		await sendTusResponse(res, await tus.handleWeb(toTusRequest(req, res)));
	}

	async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
		// Mounted under /uploads in dev, connect strips the prefix; tus and our routes want the full path.
		const original = (req as IncomingMessage & { originalUrl?: string }).originalUrl;
		if (original) req.url = original;
		const pathname = new URL(req.url ?? '/', 'http://upload.invalid').pathname;
		const id = pathname.startsWith(`${UPLOAD_PATH}/`) ? pathname.slice(UPLOAD_PATH.length + 1) : undefined;
		const isCollection = pathname === UPLOAD_PATH || pathname === `${UPLOAD_PATH}/`;
		if (!isCollection && !(id && UPLOAD_ID.test(id))) return answer(res, 404, 'Not found.');
		const allowed = isCollection ? ['POST', 'OPTIONS'] : ['HEAD', 'PATCH', 'DELETE', 'OPTIONS'];
		if (!allowed.includes(req.method ?? '')) {
			return answer(res, 405, 'Method not allowed.', { Allow: allowed.join(', ') });
		}
		const auth = authenticate(req, config.origin, sessions);
		if ('status' in auth) return answer(res, auth.status, auth.message);
		if (isCollection && req.headers['content-type'] === 'application/offset+octet-stream') {
			return answer(res, 400, 'Create the upload first, then send its bytes with PATCH.');
		}
		if (isCollection || req.method === 'OPTIONS') return passToTus(req, res, auth.actor);
		return serveUpload(req, res, auth.actor, id as string);
	}

	// In-flight work, so stop() can wait for it before the database closes.
	let running = 0;
	const idle: Array<() => void> = [];
	function track<T>(work: Promise<T>): Promise<T> {
		running++;
		return work.finally(() => {
			if (--running === 0) for (const resolve of idle.splice(0)) resolve();
		});
	}

	// One sweep at a time: two would race to remove the same files.
	let sweeping: Promise<number> | undefined;
	const sweep = () =>
		(sweeping ??= track(sweepUploads({ tus, store, directory, expirationMs, busy }))
			.then((removed) => {
				if (removed > 0) logger.info({ removed }, 'removed expired uploads');
				return removed;
			})
			.finally(() => {
				sweeping = undefined;
			}));
	const sweepQuietly = () =>
		void sweep().catch((error: unknown) => logger.warn({ err: error }, 'upload cleanup failed'));
	sweepQuietly();
	const timer = setInterval(sweepQuietly, HOUR_MS);
	timer.unref();

	const handler = ((req: IncomingMessage, res: ServerResponse) => {
		void track(serve(req, res)).catch((error: unknown) => {
			logRequestFailure(logger, 500, error, { url: req.url, what: 'upload request' });
			if (!res.headersSent) answer(res, 500, 'The upload failed on the server. Please try again.');
			else res.destroy();
		});
	}) as UploadServer;
	handler.sweep = sweep;
	handler.stop = () => {
		clearInterval(timer);
		return running === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve));
	};
	return handler;
}
