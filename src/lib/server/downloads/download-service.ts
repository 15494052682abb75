import {
	DOWNLOAD_FORMAT_LABELS,
	downloadFormatSchema,
	downloadSettingsSchema,
	isBuiltFormat,
	type BuiltFormat,
	type DownloadFormat,
	type DownloadSettings,
	type DownloadStatus
} from '../../shared/downloads';
import type { Actor } from '../artists/artist-service';
import type { Clock } from '../clock';
import { ServiceError } from '../errors';
import { newId } from '../ids';
import type { JobQueue } from '../jobs/types';
import { createRequestLimiter } from '../listen/request-limiter';
import type { MediaStore, OpenedMedia } from '../media/media-store';
import { parseInput } from '../validation';
import { DOWNLOAD_JOB, COVER_FILE, type DownloadPayload } from './download-contract';
import type { DownloadRepository } from './download-repository';
import { builtFileName, downloadVersion, possibleFormats, type DownloadSnapshot } from './download-snapshot';
import { creditsReleaseOf, releaseCreditsText } from './credits-text';
import { createZipStream, type ZipEntry } from './zip-stream';
import { contentDisposition, zipLayout } from './zip-names';

export interface DownloadViewer {
	userId: string;
	isAdmin: boolean;
}

/** What the release page offers one viewer. */
export interface DownloadOffer {
	formats: Array<{ format: DownloadFormat; label: string }>;
	/** Offered only because the viewer is the artist (or an admin): a draft, or downloads switched off. */
	preview: boolean;
}

/** ZIP requests per client and window: plenty for a person, a wall for a scraper. */
export const ZIP_REQUESTS_PER_WINDOW = 20;
export const ZIP_WINDOW_MS = 10 * 60_000;
const NOT_FOUND = 'This release does not exist.';
const NOT_OFFERED = 'This release cannot be downloaded in that format.';

export function createDownloadService(deps: {
	repo: DownloadRepository;
	jobs: JobQueue;
	store: MediaStore;
	clock: Clock;
	origin: string;
	/** The existing visibility rule (public, or previewable by its artist/admin); throws not_found. */
	visibility: (releaseId: string, viewer: DownloadViewer | null) => { isPublic: boolean; canEdit: boolean };
	/** The existing owner check for editing a release; throws not_found for anyone else. */
	assertOwner: (actor: Actor, releaseId: string) => void;
	zipLimit?: { requests: number; windowMs: number };
}) {
	const { repo, jobs, store, clock, origin } = deps;
	const zipLimiter = createRequestLimiter(
		clock,
		deps.zipLimit?.requests ?? ZIP_REQUESTS_PER_WINDOW,
		deps.zipLimit?.windowMs ?? ZIP_WINDOW_MS
	);

	function snapshotOf(releaseId: string): DownloadSnapshot {
		const snapshot = repo.snapshot(releaseId);
		if (!snapshot) throw new ServiceError('not_found', NOT_FOUND);
		return snapshot;
	}

	function offerFor(
		releaseId: string,
		viewer: DownloadViewer | null
	): DownloadOffer & { snapshot: DownloadSnapshot } {
		const { isPublic, canEdit } = deps.visibility(releaseId, viewer);
		const snapshot = snapshotOf(releaseId);
		const possible = possibleFormats(snapshot);
		const settings = repo.settings(releaseId);
		const allowed = isPublic && settings.enabled ? possible.filter((f) => settings.formats.includes(f)) : [];
		// The artist may check every format, whatever the settings say, before and after publishing.
		const formats = allowed.length > 0 || !canEdit ? allowed : possible;
		const preview = canEdit && allowed.length === 0 && formats.length > 0;
		return {
			snapshot,
			formats: formats.map((format) => ({ format, label: DOWNLOAD_FORMAT_LABELS[format] })),
			preview
		};
	}

	/** The viewer may download `format` of this release; anything else looks like a missing release. */
	function access(releaseId: string, rawFormat: unknown, viewer: DownloadViewer | null) {
		const parsed = downloadFormatSchema.safeParse(rawFormat);
		const offer = offerFor(releaseId, viewer);
		if (!parsed.success || !offer.formats.some((f) => f.format === parsed.data)) {
			throw new ServiceError('not_found', offer.formats.length ? NOT_OFFERED : NOT_FOUND);
		}
		return { format: parsed.data, snapshot: offer.snapshot };
	}

	/** The current build of `format`, started when there is none; a failed one restarts on `retry`. */
	function ensureBuild(snapshot: DownloadSnapshot, format: BuiltFormat, retry: boolean): DownloadStatus {
		const releaseId = snapshot.release.id;
		const version = downloadVersion(snapshot, format, origin);
		const total = snapshot.tracks.length;
		return repo.immediate(() => {
			const build = repo.findBuild(releaseId, format, version);
			const now = clock.now();
			const enqueue = () =>
				jobs.enqueue(DOWNLOAD_JOB, { releaseId, format, version } satisfies DownloadPayload).id;
			if (!build) {
				repo.insertBuild({
					id: newId(),
					releaseId,
					format,
					version,
					status: 'building',
					jobId: enqueue(),
					doneTracks: 0,
					totalTracks: total,
					storeKey: null,
					error: null,
					createdAt: now,
					updatedAt: now
				});
				return { state: 'preparing', done: 0, total, note: null };
			}
			if (build.status === 'ready') return { state: 'ready' };
			// The queue buries a job whose worker vanished on its last try without telling the build.
			const failed = build.status === 'failed' || build.jobStatus === 'dead' || build.jobStatus === null;
			if (failed && retry) {
				repo.restartBuild(build.id, enqueue(), total, now);
				return { state: 'preparing', done: 0, total, note: null };
			}
			if (failed)
				return {
					state: 'failed',
					reason:
						build.error ?? capitalised(build.jobError) ?? 'Preparing the files stopped before it finished.'
				};
			return { state: 'preparing', done: build.doneTracks, total: build.totalTracks, note: build.error };
		});
	}

	function statusOf(snapshot: DownloadSnapshot, format: DownloadFormat, retry: boolean): DownloadStatus {
		return isBuiltFormat(format) ? ensureBuild(snapshot, format, retry) : { state: 'ready' };
	}

	async function openOrNull(key: string | null, file?: string): Promise<OpenedMedia | null> {
		return key ? store.openRead(key, file) : null;
	}

	return {
		/** The formats the viewer may download, or none; throws not_found when the release is not visible. */
		offer(releaseId: string, viewer: DownloadViewer | null): DownloadOffer {
			const { formats, preview } = offerFor(releaseId, viewer);
			return { formats, preview };
		},

		/**
		 * Where the files of `format` stand. Asking is what starts a build (once per version: the build
		 * row is unique per release, format and content hash), so a poll never starts a second one.
		 */
		prepare(
			releaseId: string,
			rawFormat: unknown,
			viewer: DownloadViewer | null,
			options: { retry?: boolean } = {}
		): DownloadStatus {
			const { format, snapshot } = access(releaseId, rawFormat, viewer);
			return statusOf(snapshot, format, options.retry === true);
		},

		/**
		 * The ZIP of the release in `format`, streamed: every file is opened before the first byte goes
		 * out, so a build replaced meanwhile still reads whole. Throws conflict while files are being made.
		 */
		async openZip(releaseId: string, rawFormat: unknown, viewer: DownloadViewer | null, clientKey: string) {
			const retryAfter = zipLimiter.hit(clientKey);
			if (retryAfter > 0)
				throw new ServiceError(
					'rate_limited',
					`Too many downloads from here in a short time. Try again in ${Math.ceil(retryAfter / 60)} min.`,
					{},
					retryAfter
				);
			const { format, snapshot } = access(releaseId, rawFormat, viewer);
			const status = statusOf(snapshot, format, false);
			if (status.state !== 'ready')
				throw new ServiceError('conflict', 'This download is still being prepared.');
			const layout = zipLayout(snapshot, format);
			const build = isBuiltFormat(format)
				? repo.findBuild(releaseId, format, downloadVersion(snapshot, format, origin))
				: undefined;
			const opened: OpenedMedia[] = [];
			try {
				const entries: ZipEntry[] = [];
				for (const [index, track] of snapshot.tracks.entries()) {
					const file = isBuiltFormat(format)
						? await openOrNull(build?.storeKey ?? null, builtFileName(index, format))
						: await store.openRead(track.sourceKey);
					if (!file) throw new ServiceError('busy', 'The files of this download changed. Please try again.');
					opened.push(file);
					entries.push({ name: layout.tracks[index], file });
				}
				const cover = await openOrNull(snapshot.coverKey, COVER_FILE);
				if (cover) {
					opened.push(cover);
					entries.push({ name: layout.cover, file: cover });
				}
				entries.push({ name: layout.credits, text: releaseCreditsText(creditsReleaseOf(snapshot, origin)) });
				const zip = await createZipStream(entries, new Date(clock.now()));
				return {
					fileName: layout.zipName,
					contentDisposition: contentDisposition(layout.zipName),
					size: zip.size,
					stream: zip.stream
				};
			} catch (error) {
				await Promise.all(opened.map((file) => file.close()));
				throw error;
			}
		},

		/** The studio's view: what is allowed, and what this release can offer with its current tracks. */
		settingsFor(actor: Actor, releaseId: string) {
			deps.assertOwner(actor, releaseId);
			const snapshot = snapshotOf(releaseId);
			return { settings: repo.settings(releaseId), possible: possibleFormats(snapshot) };
		},

		/** Saves the settings; the chosen formats start building at once, so the first listener waits less. */
		saveSettings(actor: Actor, releaseId: string, raw: unknown): DownloadSettings {
			deps.assertOwner(actor, releaseId);
			const settings = parseInput(downloadSettingsSchema, raw);
			repo.saveSettings(releaseId, settings, clock.now());
			const snapshot = snapshotOf(releaseId);
			if (settings.enabled) {
				const possible = possibleFormats(snapshot);
				for (const format of settings.formats)
					if (isBuiltFormat(format) && possible.includes(format)) ensureBuild(snapshot, format, false);
			}
			return settings;
		}
	};
}

function capitalised(text: string | null): string | null {
	return text ? text.charAt(0).toUpperCase() + text.slice(1) : null;
}

export type DownloadService = ReturnType<typeof createDownloadService>;
