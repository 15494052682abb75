import type { DetailedError, Upload } from 'tus-js-client';
import type { TrackUpdate } from '$lib/shared/catalog';

const ENDPOINT = '/uploads/files';
const CHUNK_BYTES = 8 * 1024 * 1024;
const REFUSAL_STATUSES = new Set([400, 401, 403, 404, 413, 422]);

/**
 * waiting → (resuming →) uploading → checking (the last byte is sent; the server sniffs and
 * registers it) → gone: the track row takes over. Or: refused (the server said no, with a reason),
 * stopped (the connection gave up; the bytes so far are kept), interrupted (found after a reload;
 * the same file must be chosen again, since a page cannot reopen a file by itself).
 */
export type UploadPhase =
	'waiting' | 'resuming' | 'uploading' | 'checking' | 'refused' | 'stopped' | 'interrupted';

export interface UploadItem {
	key: string;
	fileName: string;
	bytesTotal: number;
	bytesSent: number;
	phase: UploadPhase;
	message: string | null;
	replaceTrackId: string | null;
	/** The files added together share one batch: their tags order them among themselves. */
	batch: string | null;
	/** Identifies this file for this release across reloads (tus's resume key). */
	fingerprint: string;
}

interface QueueOptions {
	/** Read when needed, so the queue always uploads to the release on screen. */
	releaseId: () => string;
	concurrency?: number;
	/** The server registered the file as a track (null when only a resumed, already complete upload). */
	onRegistered: (track: TrackUpdate | null) => void;
	announce: (text: string) => void;
}

const ACTIVE: ReadonlySet<UploadPhase> = new Set(['waiting', 'resuming', 'uploading', 'checking']);
let nextKey = 0;

/** Resumable audio uploads (tus), a few at a time, each with its own row state. */
export class UploadQueue {
	items: UploadItem[] = $state([]);
	// Not reactive on purpose: File and Upload objects are handles, never shown.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#files = new Map<string, { file: File; upload?: Upload }>();
	#running = 0;
	#options: QueueOptions;

	constructor(options: QueueOptions) {
		this.#options = options;
	}

	get busy(): boolean {
		return this.items.some((item) => ACTIVE.has(item.phase));
	}

	add(files: Iterable<File>, replaceTrackId: string | null = null): void {
		const batch = replaceTrackId ? null : crypto.randomUUID();
		for (const file of files) {
			const fingerprint = [
				'shoal',
				this.#options.releaseId(),
				replaceTrackId ?? 'new',
				file.name,
				file.size,
				file.lastModified
			].join(':');
			const duplicate = this.items.find((i) => i.fingerprint === fingerprint);
			if (duplicate && duplicate.phase !== 'interrupted') continue;
			// Choosing the file of an interrupted upload again continues that upload.
			this.items = this.items.filter((i) => i.fingerprint !== fingerprint);
			const key = `upload-${++nextKey}`;
			this.#files.set(key, { file });
			this.items.push({
				key,
				fileName: file.name,
				bytesTotal: file.size,
				bytesSent: 0,
				phase: 'waiting',
				message: null,
				replaceTrackId,
				batch,
				fingerprint
			});
		}
		this.#pump();
	}

	/** Uploads this browser started for this release and never finished (a reload, a closed tab). */
	async restoreInterrupted(): Promise<void> {
		const { defaultOptions } = await import('tus-js-client');
		const stored = await defaultOptions.urlStorage.findAllUploads();
		for (const previous of stored) {
			const fingerprint = /^tus::(.*)::\d+$/.exec(previous.urlStorageKey)?.[1];
			if (!fingerprint || previous.metadata?.releaseId !== this.#options.releaseId()) continue;
			if (this.items.some((i) => i.fingerprint === fingerprint)) continue;
			this.items.push({
				key: `upload-${++nextKey}`,
				fileName: previous.metadata.filename ?? 'an audio file',
				bytesTotal: previous.size ?? 0,
				bytesSent: 0,
				phase: 'interrupted',
				message: null,
				replaceTrackId: previous.metadata.replaceTrackId || null,
				batch: previous.metadata.batch || null,
				fingerprint
			});
		}
	}

	retry(key: string): void {
		const item = this.items.find((i) => i.key === key);
		if (item?.phase !== 'stopped') return;
		item.phase = 'waiting';
		item.message = null;
		this.#pump();
	}

	/** Forgets a row; an unfinished upload is also discarded on the server. */
	async dismiss(key: string): Promise<void> {
		const item = this.items.find((i) => i.key === key);
		if (!item) return;
		this.items = this.items.filter((i) => i.key !== key);
		this.#files.get(key)?.upload?.abort(false);
		this.#files.delete(key);
		if (item.phase !== 'refused') await this.#forget(item.fingerprint, true);
	}

	/** Leaving the page: stop sending, but keep what the server has so a return can resume. */
	stopAll(): void {
		for (const entry of this.#files.values()) void entry.upload?.abort(false);
	}

	#pump(): void {
		const limit = this.#options.concurrency ?? 2;
		while (this.#running < limit) {
			const next = this.items.find((i) => i.phase === 'waiting');
			if (!next) return;
			this.#running++;
			next.phase = 'uploading';
			void this.#run(next).finally(() => {
				this.#running--;
				this.#pump();
			});
		}
	}

	async #run(item: UploadItem): Promise<void> {
		const entry = this.#files.get(item.key);
		if (!entry) return;
		let Upload: typeof import('tus-js-client').Upload;
		try {
			({ Upload } = await import('tus-js-client'));
		} catch {
			// Offline, or a new deploy replaced the chunk: the row offers "Try again".
			item.phase = 'stopped';
			item.message = 'The uploader could not be loaded. Check the connection and try again.';
			return;
		}
		await new Promise<void>((done) => {
			const upload = new Upload(entry.file, {
				endpoint: ENDPOINT,
				chunkSize: CHUNK_BYTES,
				retryDelays: [0, 1000, 3000, 5000],
				metadata: {
					releaseId: this.#options.releaseId(),
					filename: entry.file.name,
					...(item.replaceTrackId ? { replaceTrackId: item.replaceTrackId } : {}),
					...(item.batch ? { batch: item.batch } : {})
				},
				fingerprint: async () => item.fingerprint,
				storeFingerprintForResuming: true,
				removeFingerprintOnSuccess: true,
				onProgress: (sent, total) => {
					item.bytesSent = sent;
					item.bytesTotal = total;
					item.phase = sent >= total ? 'checking' : 'uploading';
				},
				onSuccess: ({ lastResponse }) => {
					this.#finish(item, trackFrom(lastResponse.getBody()));
					done();
				},
				onError: (error) => {
					void this.#fail(item, error);
					done();
				}
			});
			entry.upload = upload;
			void upload
				.findPreviousUploads()
				.then((previous) => {
					if (previous.length > 0) {
						item.phase = 'resuming';
						upload.resumeFromPreviousUpload(previous[0]);
					}
				})
				.finally(() => upload.start());
		});
	}

	#finish(item: UploadItem, track: TrackUpdate | null): void {
		this.items = this.items.filter((i) => i.key !== item.key);
		this.#files.delete(item.key);
		this.#options.announce(`${item.fileName} is uploaded and waiting to be processed.`);
		this.#options.onRegistered(track);
	}

	async #fail(item: UploadItem, error: Error | DetailedError): Promise<void> {
		const response = 'originalResponse' in error ? error.originalResponse : null;
		const status = response?.getStatus() ?? 0;
		if (REFUSAL_STATUSES.has(status)) {
			item.phase = 'refused';
			item.message = refusalMessage(status, response?.getBody() ?? '');
			this.#files.delete(item.key);
			// The server discarded the bytes: nothing is left to resume.
			await this.#forget(item.fingerprint, false);
			this.#options.announce(`${item.fileName} was refused: ${item.message}`);
		} else {
			item.phase = 'stopped';
			item.message = 'The connection dropped. What was sent is kept: try again to continue.';
			this.#options.announce(`The upload of ${item.fileName} stopped.`);
		}
	}

	async #forget(fingerprint: string, terminate: boolean): Promise<void> {
		const tus = await import('tus-js-client');
		const storage = tus.defaultOptions.urlStorage;
		for (const previous of await storage.findUploadsByFingerprint(fingerprint)) {
			await storage.removeUpload(previous.urlStorageKey);
			if (terminate && previous.uploadUrl) await tus.Upload.terminate(previous.uploadUrl).catch(() => {});
		}
	}
}

function trackFrom(body: string): TrackUpdate | null {
	try {
		const parsed = JSON.parse(body) as { track?: TrackUpdate };
		return parsed.track ?? null;
	} catch {
		return null;
	}
}

const FALLBACK: Record<number, string> = {
	401: 'Your session ended. Sign in again, then add the file again.',
	403: 'You cannot add tracks to this release.',
	404: 'This release no longer exists.',
	413: 'This file is larger than the upload limit.'
};

/** 422 answers carry JSON `{ message }`; the other refusals a plain-text sentence. */
function refusalMessage(status: number, body: string): string {
	let text = body.trim();
	if (text.startsWith('{')) {
		try {
			text = String((JSON.parse(text) as { message?: unknown }).message ?? '');
		} catch {
			text = '';
		}
	}
	if (!text || text.startsWith('<')) text = FALLBACK[status] ?? 'The server refused this file.';
	return text.length > 300 ? `${text.slice(0, 297)}…` : text;
}
