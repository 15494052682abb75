import fs from 'node:fs/promises';
import type { TrackUpdate } from '../../shared/catalog';
import { publishSchema, releaseSchema, trackEditSchema } from '../../shared/schemas/release';
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
		title: row.title,
		position: row.position,
		durationSeconds: row.durationSeconds,
		loudnessLufs: row.loudnessLufs,
		truePeakDbtp: row.truePeakDbtp,
		lossless: row.lossless,
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

		createRelease(actor: Actor, raw: unknown): ReleaseRow {
			const artist = artistOf(actor);
			const input = parseInput(releaseSchema, raw);
			const now = clock.now();
			const row: ReleaseRow = {
				id: newId(),
				artistId: artist.id,
				...input,
				status: 'draft',
				publishAt: null,
				coverKey: null,
				coverSourceKey: null,
				createdAt: now,
				updatedAt: now
			};
			releases.insert(row);
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
			return { artist, releases: releases.listByArtist(artist.id), quota: quotaOf(artist.id) };
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
			input: { releaseId: string; filePath: string; originalName: string; replaceTrackId?: string }
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
					const others = tracks.listByRelease(track.releaseId).filter((t) => t.id !== track.id);
					const index = Math.min(input.position, others.length + 1) - 1;
					const ordered = [...others.slice(0, index), track, ...others.slice(index)];
					ordered.forEach((t, i) => {
						if (t.id === track.id)
							tracks.update(t.id, { title: input.title, position: i + 1, updatedAt: now });
						else if (t.position !== i + 1) tracks.update(t.id, { position: i + 1, updatedAt: now });
					});
					return { ...track, title: input.title, position: index + 1, updatedAt: now };
				},
				{ behavior: 'immediate' }
			);
		},

		moveTrack(actor: Actor, trackId: string, direction: 'up' | 'down'): void {
			const { track } = ownedTrack(actor, trackId, 'move');
			db.transaction(
				() => {
					const ordered = tracks.listByRelease(track.releaseId);
					const from = ordered.findIndex((t) => t.id === track.id);
					const to = direction === 'up' ? from - 1 : from + 1;
					if (to < 0 || to >= ordered.length) return;
					[ordered[from], ordered[to]] = [ordered[to], ordered[from]];
					const now = clock.now();
					ordered.forEach((t, i) => {
						if (t.position !== i + 1) tracks.update(t.id, { position: i + 1, updatedAt: now });
					});
				},
				{ behavior: 'immediate' }
			);
		},

		async deleteTrack(actor: Actor, trackId: string): Promise<void> {
			const { track } = ownedTrack(actor, trackId, 'delete');
			tracks.delete(track.id);
			await store.remove(track.sourceKey);
			if (track.mediaKey) await store.remove(track.mediaKey);
			if (track.artworkKey) await store.remove(track.artworkKey);
		},

		/** A cover image: checked by its bytes, kept as the original, and sized by the worker. */
		async setCover(actor: Actor, releaseId: string, filePath: string): Promise<void> {
			const release = ownedRelease(actor, releaseId, 'setCover');
			const head = Buffer.alloc(64);
			const handle = await fs.open(filePath, 'r');
			try {
				await handle.read(head, 0, head.length, 0);
			} finally {
				await handle.close();
			}
			const image = sniffImage(head);
			if (!image) {
				await fs.rm(filePath, { force: true });
				throw new ServiceError('invalid', 'The cover must be a JPEG, PNG or WebP image.', {
					cover: 'The cover must be a JPEG, PNG or WebP image.'
				});
			}
			const key = store.coverSourceKey(release.id);
			await store.adopt(filePath, key);
			db.transaction(
				() => {
					releases.update(release.id, { coverSourceKey: key, updatedAt: clock.now() });
					jobs.enqueue(COVER_JOB, { releaseId: release.id } satisfies CoverPayload);
				},
				{ behavior: 'immediate' }
			);
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
		}
	};
}

function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

export type CatalogService = ReturnType<typeof createCatalogService>;
