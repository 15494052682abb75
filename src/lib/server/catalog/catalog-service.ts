import fs from 'node:fs/promises';
import { coverStateOf, type ReleaseUpdate, type TrackUpdate } from '../../shared/catalog';
import {
	creationKeySchema,
	publishSchema,
	releaseSchema,
	trackEditSchema,
	trackMoveSchema
} from '../../shared/schemas/release';
import { describePlace, moveTo, step } from '../../shared/track-order';
import type { ArtistRepository, ArtistRow } from '../artists/artist-repository';
import { can, type ActionOn, type Actor } from '../auth/policy';
import type { Clock } from '../clock';
import type { ShoalDb } from '../db';
import { ServiceError } from '../errors';
import { parseInput } from '../validation';
import { newId } from '../ids';
import type { JobQueue } from '../jobs/types';
import { safeDisplayName, sniffAudioFrom } from '../media/sniff';
import { sniffImage } from '../media/sniff-image';
import { IMAGE_HEAD_BYTES, imageSize } from '../media/image-size';
import { checkImage, COVER_RULE } from '../../shared/image-rules';
import type { MediaStore } from '../media/media-store';
import type { ReleaseRepository, ReleaseRow } from './release-repository';
import type { TrackRepository, TrackRow } from './track-repository';

export const INGEST_JOB = 'ingest-track';
export const COVER_JOB = 'release-cover';
export interface IngestPayload {
	trackId: string;
}
export interface CoverPayload {
	releaseId: string;
}

const MB = 1024 * 1024;
function formatBytes(bytes: number): string {
	return bytes >= 1024 * MB ? `${(bytes / (1024 * MB)).toFixed(1)} GB` : `${Math.ceil(bytes / MB)} MB`;
}

export function toTrackUpdate(row: TrackRow): TrackUpdate {
	return {
		id: row.id,
		releaseId: row.releaseId,
		artistId: row.artistId,
		status: row.status,
		stage: row.stage,
		progress: row.progress,
		error: row.error,
		errorDetail: row.errorDetail,
		title: row.title,
		position: row.position,
		discNumber: row.discNumber,
		durationSeconds: row.durationSeconds,
		loudnessLufs: row.loudnessLufs,
		truePeakDbtp: row.truePeakDbtp,
		lossless: row.lossless,
		updatedAt: row.updatedAt
	};
}

export function toReleaseUpdate(row: ReleaseRow): ReleaseUpdate {
	return {
		id: row.id,
		artistId: row.artistId,
		cover: coverStateOf(row),
		coverError: row.coverError,
		coverErrorDetail: row.coverErrorDetail,
		updatedAt: row.updatedAt
	};
}

/** The title a file suggests before its tags are read: the name without extension, tidied. */
export function titleFromFileName(name: string): string {
	const base = name
		.replace(/\.[A-Za-z0-9]{1,5}$/, '')
		.replace(/[_]+/g, ' ')
		.trim();
	return (base || 'Untitled').slice(0, 200);
}

export function createCatalogService(deps: {
	db: ShoalDb;
	releases: ReleaseRepository;
	tracks: TrackRepository;
	artists: ArtistRepository;
	jobs: JobQueue;
	store: MediaStore;
	clock: Clock;
	limits: { maxUploadBytes: number; artistQuotaBytes: number };
}) {
	const { db, releases, tracks, artists, jobs, store, clock, limits } = deps;

	function artistOf(actor: Actor): ArtistRow {
		const artist = artists.findByUserId(actor.userId);
		if (!artist) throw new ServiceError('forbidden', 'Create your artist profile first.');
		return artist;
	}

	/** A release the policy lets this actor change; anyone else is told it does not exist (nothing leaks). */
	function ownedRelease(actor: Actor, releaseId: string, action: ActionOn<'release'> = 'edit'): ReleaseRow {
		const release = releases.findById(releaseId);
		const ownerUserId = release && artists.findById(release.artistId)?.userId;
		if (
			!release ||
			!ownerUserId ||
			!can(actor, action, { kind: 'release', ownerUserId, release }, clock.now())
		) {
			throw new ServiceError('not_found', 'This release does not exist.');
		}
		return release;
	}

	function ownedTrack(
		actor: Actor,
		trackId: string,
		action: ActionOn<'track'> = 'edit'
	): { track: TrackRow; release: ReleaseRow } {
		const track = tracks.findById(trackId);
		const release = track && releases.findById(track.releaseId);
		const ownerUserId = release && artists.findById(release.artistId)?.userId;
		const resource = ownerUserId && track && { kind: 'track' as const, ownerUserId, release, track };
		if (!resource || !can(actor, action, resource, clock.now())) {
			throw new ServiceError('not_found', 'This track does not exist.');
		}
		return { track: resource.track, release: resource.release };
	}

	function enqueueIngest(trackId: string): string {
		return jobs.enqueue(INGEST_JOB, { trackId } satisfies IngestPayload).id;
	}

	function quotaOf(artistId: string) {
		return { usedBytes: tracks.sourceBytesOfArtist(artistId), limitBytes: limits.artistQuotaBytes };
	}

	return {
		quotaOf,

		/** A track and its release, when `actor` may edit them (else "does not exist"). */
		trackForOwner: (actor: Actor, trackId: string) => ownedTrack(actor, trackId, 'edit'),

		/**
		 * A new draft. With the form's `creationKey`, the same form sent again (double click, resubmit)
		 * answers the release it already made instead of making another.
		 */
		createRelease(actor: Actor, raw: unknown): ReleaseRow {
			const artist = artistOf(actor);
			const input = parseInput(releaseSchema, raw);
			const key = creationKeySchema.safeParse((raw as { creationKey?: unknown } | null)?.creationKey);
			const creationKey = key.success ? key.data : null;
			const made = creationKey ? releases.findByCreationKey(artist.id, creationKey) : undefined;
			if (made) return made;
			const now = clock.now();
			const row: ReleaseRow = {
				id: newId(),
				artistId: artist.id,
				...input,
				status: 'draft',
				publishAt: null,
				coverKey: null,
				coverSourceKey: null,
				coverJobId: null,
				coverError: null,
				coverErrorDetail: null,
				creationKey,
				createdAt: now,
				updatedAt: now
			};
			try {
				releases.insert(row);
			} catch (error) {
				// Another process made it between the look-up and the insert: the unique index decided.
				const raced = creationKey ? releases.findByCreationKey(artist.id, creationKey) : undefined;
				if (raced && String(error).includes('UNIQUE')) return raced;
				throw error;
			}
			return row;
		},

		updateRelease(actor: Actor, releaseId: string, raw: unknown): ReleaseRow {
			const release = ownedRelease(actor, releaseId, 'edit');
			const input = parseInput(releaseSchema, raw);
			const fields = { ...input, updatedAt: clock.now() };
			releases.update(release.id, fields);
			return { ...release, ...fields };
		},

		releaseForOwner(actor: Actor, releaseId: string) {
			const release = ownedRelease(actor, releaseId, 'edit');
			return { release, tracks: tracks.listByRelease(release.id), quota: quotaOf(release.artistId) };
		},

		listOwnReleases(actor: Actor) {
			const artist = artistOf(actor);
			return {
				artist,
				releases: releases.listByArtist(artist.id),
				failedTracks: tracks.listFailedByArtist(artist.id),
				quota: quotaOf(artist.id)
			};
		},

		listPublicReleases(artistId: string) {
			return releases.listPublicByArtist(artistId, clock.now());
		},

		/** Checked when an upload starts, before any byte is written. */
		assertUploadAllowed(actor: Actor, releaseId: string, declaredBytes: number | undefined): ReleaseRow {
			const release = ownedRelease(actor, releaseId, 'upload');
			if (declaredBytes === undefined) {
				throw new ServiceError('invalid', 'The upload must say its size up front.');
			}
			if (declaredBytes <= 0) throw new ServiceError('invalid', 'This file is empty.');
			if (declaredBytes > limits.maxUploadBytes) {
				throw new ServiceError(
					'too_large',
					`This file is ${formatBytes(declaredBytes)}; the limit is ${formatBytes(limits.maxUploadBytes)} per file.`
				);
			}
			const { usedBytes, limitBytes } = quotaOf(release.artistId);
			if (usedBytes + declaredBytes > limitBytes) {
				throw new ServiceError(
					'too_large',
					`Not enough storage left: you use ${formatBytes(usedBytes)} of ${formatBytes(limitBytes)}, and this file needs ${formatBytes(declaredBytes)}.`
				);
			}
			return release;
		},

		/**
		 * A finished upload becomes a track: the bytes are sniffed, the original moves into the media store,
		 * and the track row and its ingest job are written in one transaction. Refused files are deleted and
		 * nothing is registered. With `replaceTrackId` the track keeps its place and gets the new file.
		 */
		async registerUpload(
			actor: Actor,
			input: {
				releaseId: string;
				filePath: string;
				originalName: string;
				replaceTrackId?: string;
				/** Files added together: their tags order them among themselves (see track-order.ts). */
				uploadBatch?: string;
			}
		): Promise<TrackRow> {
			const release = ownedRelease(actor, input.releaseId, 'upload');
			const replacing = input.replaceTrackId
				? ownedTrack(actor, input.replaceTrackId, 'replace').track
				: undefined;
			if (replacing && replacing.releaseId !== release.id)
				throw new ServiceError('not_found', 'This track does not exist.');
			const handle = await fs.open(input.filePath, 'r');
			let sniffed;
			let bytes;
			try {
				bytes = (await handle.stat()).size;
				sniffed = await sniffAudioFrom(async (offset, length) => {
					const buffer = Buffer.alloc(length);
					const { bytesRead } = await handle.read(buffer, 0, length, offset);
					return buffer.subarray(0, bytesRead);
				});
			} finally {
				await handle.close();
			}
			if (!sniffed.ok) {
				await fs.rm(input.filePath, { force: true });
				throw new ServiceError('invalid', capitalise(sniffed.message));
			}
			const now = clock.now();
			const trackId = replacing?.id ?? newId();
			const originalName = safeDisplayName(input.originalName);
			const sourceKey = store.originalKey(trackId);
			await store.adopt(input.filePath, sourceKey);
			const fields = {
				originalName,
				sourceKey,
				sourceBytes: bytes,
				sourceKind: sniffed.kind,
				sourceDemuxer: sniffed.demuxer,
				lossless: sniffed.lossless === true,
				status: 'processing' as const,
				stage: 'queued' as const,
				progress: 0,
				error: null,
				errorDetail: null,
				updatedAt: now
			};
			try {
				return db.transaction(
					() => {
						const jobId = enqueueIngest(trackId);
						if (replacing) {
							tracks.update(trackId, { ...fields, jobId });
							return { ...replacing, ...fields, jobId };
						}
						const row: TrackRow = {
							id: trackId,
							releaseId: release.id,
							artistId: release.artistId,
							position: tracks.nextPosition(release.id),
							discNumber: null,
							tagTrackNumber: null,
							uploadBatch: input.uploadBatch ?? null,
							title: titleFromFileName(originalName),
							...fields,
							jobId,
							durationSeconds: null,
							loudnessLufs: null,
							truePeakDbtp: null,
							peaks: null,
							mediaKey: null,
							rungs: null,
							artworkKey: null,
							createdAt: now
						};
						tracks.insert(row);
						return row;
					},
					{ behavior: 'immediate' }
				);
			} catch (error) {
				if (!replacing) await store.remove(sourceKey);
				throw error;
			}
		},

		retryTrack(actor: Actor, trackId: string): TrackRow {
			const { track } = ownedTrack(actor, trackId, 'retry');
			if (track.status !== 'failed')
				throw new ServiceError('conflict', 'Only a failed track can be retried.');
			const fields = {
				status: 'processing' as const,
				stage: 'queued' as const,
				progress: 0,
				error: null,
				errorDetail: null,
				updatedAt: clock.now()
			};
			return db.transaction(
				() => {
					const jobId = enqueueIngest(track.id);
					tracks.update(track.id, { ...fields, jobId });
					return { ...track, ...fields, jobId };
				},
				{ behavior: 'immediate' }
			);
		},

		/** Title and track number; a new number moves the track there and renumbers the rest 1…n. */
		editTrack(actor: Actor, trackId: string, raw: unknown): TrackRow {
			const { track } = ownedTrack(actor, trackId, 'edit');
			const input = parseInput(trackEditSchema, raw);
			return db.transaction(
				() => {
					const now = clock.now();
					const list = tracks.listByRelease(track.releaseId);
					const current = list.find((t) => t.id === track.id)!;
					tracks.update(track.id, { title: input.title, updatedAt: now });
					if (input.position === current.position) return { ...current, title: input.title, updatedAt: now };
					const placed = moveTo(list, track.id, input.position);
					tracks.place(track.releaseId, placed, now, { byHand: true });
					const mine = placed.find((t) => t.id === track.id)!;
					return { ...current, ...mine, title: input.title, uploadBatch: null, updatedAt: now };
				},
				{ behavior: 'immediate' }
			);
		},

		/**
		 * One step up or down, or straight to a place (1-based), in one transaction; the others close up.
		 * Answers where the track is now, in words ("track 2 of 5", "disc 2, track 1").
		 */
		reorderTrack(actor: Actor, trackId: string, raw: unknown): { title: string; place: string } {
			const { track } = ownedTrack(actor, trackId, 'move');
			const input = parseInput(trackMoveSchema, raw);
			return db.transaction(
				() => {
					const list = tracks.listByRelease(track.releaseId);
					const placed =
						input.to !== undefined
							? moveTo(list, track.id, input.to)
							: step(list, track.id, input.direction!);
					tracks.place(track.releaseId, placed, clock.now(), { byHand: true });
					return { title: track.title, place: describePlace(placed, track.id) };
				},
				{ behavior: 'immediate' }
			);
		},

		async deleteTrack(actor: Actor, trackId: string): Promise<void> {
			const { track } = ownedTrack(actor, trackId, 'delete');
			db.transaction(
				() => {
					tracks.delete(track.id);
					const rest = tracks.listByRelease(track.releaseId);
					tracks.place(
						track.releaseId,
						rest.map((t, i) => ({ id: t.id, position: i + 1, discNumber: t.discNumber })),
						clock.now(),
						{ byHand: false }
					);
				},
				{ behavior: 'immediate' }
			);
			await store.remove(track.sourceKey);
			if (track.mediaKey) await store.remove(track.mediaKey);
			if (track.artworkKey) await store.remove(track.artworkKey);
		},

		/**
		 * A cover image: checked by its bytes, size and shape (COVER_RULE), kept as the original, and sized
		 * by the worker. Answers with a warning when it is accepted but smaller than recommended.
		 */
		async setCover(actor: Actor, releaseId: string, filePath: string): Promise<{ warning: string | null }> {
			const release = ownedRelease(actor, releaseId, 'setCover');
			const head = Buffer.alloc(IMAGE_HEAD_BYTES);
			const handle = await fs.open(filePath, 'r');
			let bytesRead;
			try {
				({ bytesRead } = await handle.read(head, 0, head.length, 0));
			} finally {
				await handle.close();
			}
			const refuse = async (message: string): Promise<never> => {
				await fs.rm(filePath, { force: true });
				throw new ServiceError('invalid', message, { cover: message });
			};
			const bytes = head.subarray(0, bytesRead);
			if (!sniffImage(bytes)) await refuse('The cover must be a JPEG, PNG or WebP image.');
			const size = imageSize(bytes);
			if (!size)
				await refuse('The size of this image could not be read. Save it again as a JPEG or PNG and retry.');
			const check = checkImage(size!, COVER_RULE);
			if (!check.ok) await refuse(check.message);
			const key = store.coverSourceKey(release.id);
			await store.adopt(filePath, key);
			db.transaction(
				() => {
					const job = jobs.enqueue(COVER_JOB, { releaseId: release.id } satisfies CoverPayload);
					releases.update(release.id, {
						coverSourceKey: key,
						coverJobId: job.id,
						coverError: null,
						coverErrorDetail: null,
						updatedAt: clock.now()
					});
				},
				{ behavior: 'immediate' }
			);
			return { warning: check.ok ? check.warning : null };
		},

		/** Public now or later; needs at least one ready track and nothing still processing or failed. */
		publish(actor: Actor, releaseId: string, raw: unknown): ReleaseRow {
			const release = ownedRelease(actor, releaseId, 'publish');
			const input = parseInput(publishSchema, raw);
			const list = tracks.listByRelease(release.id);
			if (!list.some((t) => t.status === 'ready')) {
				throw new ServiceError(
					'conflict',
					'Add at least one track, and wait until it is ready, before publishing.'
				);
			}
			if (list.some((t) => t.status !== 'ready')) {
				throw new ServiceError(
					'conflict',
					'Some tracks are still processing or failed. Wait for them, retry or remove them first.'
				);
			}
			const now = clock.now();
			if (input.when === 'later' && input.publishAt.getTime() <= now) {
				throw new ServiceError('invalid', 'Choose a moment in the future, or publish now.', {
					publishAt: 'Choose a moment in the future.'
				});
			}
			const fields =
				input.when === 'now'
					? { status: 'published' as const, publishAt: now, updatedAt: now }
					: { status: 'scheduled' as const, publishAt: input.publishAt.getTime(), updatedAt: now };
			releases.update(release.id, fields);
			return { ...release, ...fields };
		},

		unpublish(actor: Actor, releaseId: string): ReleaseRow {
			const release = ownedRelease(actor, releaseId, 'unpublish');
			const fields = { status: 'draft' as const, publishAt: null, updatedAt: clock.now() };
			releases.update(release.id, fields);
			return { ...release, ...fields };
		},

		trackUpdatesSince(since: number) {
			return tracks.changedSince(since).map(toTrackUpdate);
		},

		releaseUpdatesSince(since: number) {
			return releases.changedSince(since).map(toReleaseUpdate);
		}
	};
}

function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

export type CatalogService = ReturnType<typeof createCatalogService>;
