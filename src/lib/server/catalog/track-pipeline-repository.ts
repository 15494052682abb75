import { and, eq, exists, inArray, sql } from 'drizzle-orm';
import type { ShoalDb } from '../db';
import { jobs, releases, tracks, type PublishedRung } from '../db/schema';
import type { TrackStage } from '../../shared/catalog';
import { orderBatch } from '../../shared/track-order';
import type { ReleaseRow } from './release-repository';
import type { TrackRow } from './track-repository';

/** The worker's lease on the job that is processing a track: proven by the job id and fencing token. */
export interface JobFence {
	jobId: string;
	token: number;
}

export interface ReadyTrack {
	durationSeconds: number;
	/** What the decoder found, which settles what sniffing could not (ALAC or AAC in an M4A). */
	lossless: boolean;
	loudnessLufs: number | null;
	truePeakDbtp: number | null;
	peaks: number[];
	rungs: PublishedRung[];
	mediaKey: string;
	artworkKey: string | null;
}

/**
 * The media worker's writes to tracks and releases. Every track write is fenced twice: the track must
 * still belong to this job (a replaced file gets a new job), and the job must still be running under
 * this worker's token (a worker that lost its lease writes nothing).
 */
export function createTrackPipelineRepository(db: ShoalDb) {
	function ownedBy(trackId: string, fence: JobFence) {
		return and(
			eq(tracks.id, trackId),
			eq(tracks.jobId, fence.jobId),
			eq(tracks.status, 'processing'),
			exists(
				db
					.select({ one: sql`1` })
					.from(jobs)
					.where(and(eq(jobs.id, fence.jobId), eq(jobs.status, 'running'), eq(jobs.leaseToken, fence.token)))
			)
		);
	}

	function findTrack(id: string): TrackRow | undefined {
		return db.select().from(tracks).where(eq(tracks.id, id)).get();
	}

	return {
		/** BEGIN IMMEDIATE; nested calls (the job queue's own) become savepoints of this one. */
		immediate<T>(work: () => T): T {
			return db.transaction(() => work(), { behavior: 'immediate' });
		},

		findTrack,

		findRelease(id: string): ReleaseRow | undefined {
			return db.select().from(releases).where(eq(releases.id, id)).get();
		},

		setProgress(trackId: string, fence: JobFence, stage: TrackStage, progress: number, at: number): boolean {
			const result = db
				.update(tracks)
				.set({ stage, progress, updatedAt: at })
				.where(ownedBy(trackId, fence))
				.run();
			return result.changes === 1;
		},

		/**
		 * Tag values replace only what the artist has not touched: the title while it still equals the
		 * filename default. The disc and track number are kept on the track; while its upload batch
		 * stands (the artist has not ordered by hand), the batch is ordered by them over the places it
		 * already holds, so positions stay 1..n (see track-order.ts).
		 */
		prefill(
			trackId: string,
			fence: JobFence,
			values: {
				title?: { value: string; ifStill: string };
				order?: { disc: number | null; track: number | null };
			},
			at: number
		): { title: boolean; order: boolean } {
			return db.transaction(
				() => {
					const applied = { title: false, order: false };
					if (values.title) {
						applied.title =
							db
								.update(tracks)
								.set({ title: values.title.value, updatedAt: at })
								.where(and(ownedBy(trackId, fence), eq(tracks.title, values.title.ifStill)))
								.run().changes === 1;
					}
					if (!values.order) return applied;
					applied.order =
						db
							.update(tracks)
							.set({ discNumber: values.order.disc, tagTrackNumber: values.order.track, updatedAt: at })
							.where(ownedBy(trackId, fence))
							.run().changes === 1;
					const track = applied.order ? findTrack(trackId) : undefined;
					if (!track?.uploadBatch) return applied;
					const list = db.select().from(tracks).where(eq(tracks.releaseId, track.releaseId)).all();
					const positions = new Map(list.map((row) => [row.id, row.position]));
					for (const placed of orderBatch(list, track.uploadBatch)) {
						if (positions.get(placed.id) === placed.position) continue;
						db.update(tracks)
							.set({ position: placed.position, updatedAt: at })
							.where(eq(tracks.id, placed.id))
							.run();
					}
					return applied;
				},
				{ behavior: 'immediate' }
			);
		},

		/**
		 * Call inside the job queue's `complete`. Returns the keys the track published before (to remove
		 * once this commits), or null when the track is no longer this job's (deleted or replaced).
		 */
		markReady(
			trackId: string,
			jobId: string,
			ready: ReadyTrack,
			at: number
		): { previousMediaKey: string | null; previousArtworkKey: string | null } | null {
			// The queue has already checked the fencing token in this transaction; the job id is enough here.
			const before = db
				.select({ mediaKey: tracks.mediaKey, artworkKey: tracks.artworkKey })
				.from(tracks)
				.where(and(eq(tracks.id, trackId), eq(tracks.jobId, jobId), eq(tracks.status, 'processing')))
				.get();
			if (!before) return null;
			db.update(tracks)
				.set({
					...ready,
					status: 'ready',
					stage: null,
					progress: 1,
					error: null,
					updatedAt: at
				})
				.where(eq(tracks.id, trackId))
				.run();
			return { previousMediaKey: before.mediaKey, previousArtworkKey: before.artworkKey };
		},

		/** Call inside the job queue's `fail`, which has checked the token. */
		markRetrying(trackId: string, jobId: string, note: string, at: number): void {
			db.update(tracks)
				.set({ stage: 'retrying', progress: 0, error: note, updatedAt: at })
				.where(and(eq(tracks.id, trackId), eq(tracks.jobId, jobId), eq(tracks.status, 'processing')))
				.run();
		},

		markFailed(trackId: string, jobId: string, reason: string, at: number): void {
			db.update(tracks)
				.set({ status: 'failed', stage: null, error: reason, updatedAt: at })
				.where(and(eq(tracks.id, trackId), eq(tracks.jobId, jobId), eq(tracks.status, 'processing')))
				.run();
		},

		/**
		 * The queue itself buries a job whose worker vanished on its last attempt (kill -9, power loss),
		 * without knowing about tracks; this moves such tracks from "processing" to "failed" with the
		 * job's reason, so none waits forever.
		 */
		failTracksOfDeadJobs(at: number): number {
			const deadJobs = db.select({ id: jobs.id }).from(jobs).where(eq(jobs.status, 'dead'));
			return db
				.update(tracks)
				.set({
					status: 'failed',
					stage: null,
					error: sql`coalesce((select ${jobs.lastError} from ${jobs} where ${jobs.id} = ${tracks.jobId}), 'processing stopped')`,
					updatedAt: at
				})
				.where(and(eq(tracks.status, 'processing'), inArray(tracks.jobId, deadJobs)))
				.run().changes;
		},

		/** Call inside the job queue's `complete`. Returns the previous cover's key, to remove afterwards. */
		setReleaseCover(
			releaseId: string,
			coverKey: string,
			at: number
		): { previousCoverKey: string | null } | null {
			const before = db
				.select({ coverKey: releases.coverKey })
				.from(releases)
				.where(eq(releases.id, releaseId))
				.get();
			if (!before) return null;
			db.update(releases).set({ coverKey, updatedAt: at }).where(eq(releases.id, releaseId)).run();
			return { previousCoverKey: before.coverKey };
		}
	};
}

export type TrackPipelineRepository = ReturnType<typeof createTrackPipelineRepository>;
