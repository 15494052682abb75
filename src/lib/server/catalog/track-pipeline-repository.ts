import { and, eq, exists, inArray, sql } from 'drizzle-orm';
import type { ShoalDb } from '../db';
import { jobs, releases, tracks, type PublishedRung } from '../db/schema';
import type { TrackStage } from '../../shared/catalog';
import { createCreditsRepository, type CreditRowInput } from './credits-repository';
import { orderBatch } from '../../shared/track-order';
import type { ReleaseRow } from './release-repository';
import type { TrackRow } from './track-repository';

/** The worker's lease on the job that is processing a track: proven by the job id and fencing token. */
export interface JobFence {
	jobId: string;
	token: number;
}

/** What a file's tags say about who made it (already split and cleaned by the worker). */
export interface TagCredits {
	main: string[];
	featured: string[];
	credits: Array<Omit<CreditRowInput, 'artistId'>>;
	lyrics: { text: string; synced: boolean } | null;
	genres: string[];
}

const MAX_RELEASE_TAGS = 10;

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

	const credits = createCreditsRepository(db);

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
		 * Tags fill in only what the artist has not set: the track's own artists, its credits and its
		 * lyrics each only when it has none; genres join the release's tags (up to 10) only on a track's
		 * first processing. An artist line naming just the uploading artist adds nothing; a name equal to
		 * the uploading artist's is linked to them.
		 */
		prefillCredits(trackId: string, fence: JobFence, tags: TagCredits, at: number): void {
			db.transaction(
				() => {
					const track = db.select().from(tracks).where(ownedBy(trackId, fence)).get();
					if (!track) return;
					const has = credits.kindsOf(trackId);
					const account = credits.artistName(track.artistId);
					const isAccount = (name: string) =>
						account !== null && name.toLowerCase() === account.toLowerCase();
					const onlyAccount = tags.featured.length === 0 && tags.main.every(isAccount);
					if (!has.artists && !onlyAccount) {
						const row = (role: 'main' | 'featured') => (name: string) => ({
							role,
							name,
							detail: '',
							artistId: isAccount(name) ? track.artistId : null
						});
						credits.append(
							trackId,
							[...tags.main.map(row('main')), ...tags.featured.map(row('featured'))],
							at
						);
					}
					if (!has.credits && tags.credits.length) {
						credits.append(
							trackId,
							tags.credits.map((credit) => ({ ...credit, artistId: null })),
							at
						);
					}
					if (tags.lyrics)
						credits.addLyricsIfNone(trackId, { ...tags.lyrics, source: 'tags', updatedAt: at });
					if (tags.genres.length && track.mediaKey === null) {
						const release = db.select().from(releases).where(eq(releases.id, track.releaseId)).get();
						const merged = [...new Set([...(release?.tags ?? []), ...tags.genres])].slice(
							0,
							MAX_RELEASE_TAGS
						);
						if (release && merged.length !== release.tags.length) {
							db.update(releases)
								.set({ tags: merged, updatedAt: at })
								.where(eq(releases.id, release.id))
								.run();
						}
					}
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
					errorDetail: null,
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

		markFailed(trackId: string, jobId: string, reason: string, detail: string | null, at: number): void {
			db.update(tracks)
				.set({ status: 'failed', stage: null, error: reason, errorDetail: detail, updatedAt: at })
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
					error: sql`coalesce((select ${jobs.lastError} from ${jobs} where ${jobs.id} = ${tracks.jobId}), 'Processing stopped.')`,
					updatedAt: at
				})
				.where(and(eq(tracks.status, 'processing'), inArray(tracks.jobId, deadJobs)))
				.run().changes;
		},

		/**
		 * Call inside the job queue's `complete`. Returns the previous cover's key, to remove afterwards.
		 * The release stops showing "processing" only if no newer cover was uploaded meanwhile.
		 */
		setReleaseCover(
			releaseId: string,
			jobId: string,
			coverKey: string,
			at: number
		): { previousCoverKey: string | null } | null {
			const before = db
				.select({ coverKey: releases.coverKey, coverJobId: releases.coverJobId })
				.from(releases)
				.where(eq(releases.id, releaseId))
				.get();
			if (!before) return null;
			const finished =
				before.coverJobId === jobId ? { coverJobId: null, coverError: null, coverErrorDetail: null } : {};
			db.update(releases)
				.set({ coverKey, ...finished, updatedAt: at })
				.where(eq(releases.id, releaseId))
				.run();
			return { previousCoverKey: before.coverKey };
		},

		/** Call inside the job queue's `fail`; only the release's current cover job may fail its cover. */
		markCoverFailed(
			releaseId: string,
			jobId: string,
			reason: string,
			detail: string | null,
			at: number
		): void {
			db.update(releases)
				.set({ coverJobId: null, coverError: reason, coverErrorDetail: detail, updatedAt: at })
				.where(and(eq(releases.id, releaseId), eq(releases.coverJobId, jobId)))
				.run();
		},

		/** The cover counterpart of failTracksOfDeadJobs. */
		failCoversOfDeadJobs(at: number): number {
			const deadJobs = db.select({ id: jobs.id }).from(jobs).where(eq(jobs.status, 'dead'));
			return db
				.update(releases)
				.set({
					coverJobId: null,
					coverError: sql`coalesce((select ${jobs.lastError} from ${jobs} where ${jobs.id} = ${releases.coverJobId}), 'Processing stopped.')`,
					updatedAt: at
				})
				.where(inArray(releases.coverJobId, deadJobs))
				.run().changes;
		}
	};
}

export type TrackPipelineRepository = ReturnType<typeof createTrackPipelineRepository>;
