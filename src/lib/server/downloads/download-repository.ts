import { and, asc, eq, ne } from 'drizzle-orm';
import type { ShoalDb } from '../db';
import { artists, downloadBuilds, jobs, releaseDownloads, releases, tracks } from '../db/schema';
import type { DownloadSettings } from '../../shared/downloads';
import { DOWNLOAD_FORMATS, type DownloadFormat } from '../../shared/downloads';
import type { DownloadSnapshot } from './download-snapshot';

export type DownloadBuildRow = typeof downloadBuilds.$inferSelect;
export type DownloadBuildWithJob = DownloadBuildRow & {
	jobStatus: string | null;
	jobError: string | null;
};

/** SQL for downloads: settings, the snapshot the files are made of, and the builds the worker made. */
export function createDownloadRepository(db: ShoalDb) {
	const buildColumns = { build: downloadBuilds, jobStatus: jobs.status, jobError: jobs.lastError };

	return {
		immediate<T>(work: () => T): T {
			return db.transaction(() => work(), { behavior: 'immediate' });
		},

		settings(releaseId: string): DownloadSettings {
			const row = db.select().from(releaseDownloads).where(eq(releaseDownloads.releaseId, releaseId)).get();
			if (!row) return { enabled: false, formats: [] };
			const formats = DOWNLOAD_FORMATS.filter((format) => row.formats.includes(format));
			return { enabled: row.enabled, formats };
		},

		saveSettings(releaseId: string, settings: DownloadSettings, at: number): void {
			const values = { enabled: settings.enabled, formats: [...settings.formats], updatedAt: at };
			db.insert(releaseDownloads)
				.values({ releaseId, ...values })
				.onConflictDoUpdate({ target: releaseDownloads.releaseId, set: values })
				.run();
		},

		/** The release, its artist's name and its ready tracks in order, or undefined for no release. */
		snapshot(releaseId: string, coverFallback = true): DownloadSnapshot | undefined {
			const found = db
				.select({ release: releases, artistName: artists.name })
				.from(releases)
				.innerJoin(artists, eq(artists.id, releases.artistId))
				.where(eq(releases.id, releaseId))
				.get();
			if (!found) return undefined;
			const { release, artistName } = found;
			const rows = db
				.select()
				.from(tracks)
				.where(and(eq(tracks.releaseId, releaseId), eq(tracks.status, 'ready')))
				.orderBy(asc(tracks.position), asc(tracks.createdAt))
				.all();
			const cover =
				release.coverKey ?? (coverFallback ? (rows.find((row) => row.artworkKey)?.artworkKey ?? null) : null);
			return {
				release: {
					id: release.id,
					title: release.title,
					artistName,
					releaseDate: release.releaseDate,
					publishAt: release.publishAt,
					tags: release.tags,
					licence: release.licence,
					description: release.description
				},
				coverKey: cover,
				tracks: rows.map((row) => ({
					id: row.id,
					title: row.title,
					artists: { main: [artistName], featured: [] },
					disc: 1,
					sourceKey: row.sourceKey,
					sourceKind: row.sourceKind,
					sourceDemuxer: row.sourceDemuxer,
					sourceBytes: row.sourceBytes,
					mediaKey: row.mediaKey,
					lossless: row.lossless,
					durationSeconds: row.durationSeconds
				}))
			};
		},

		/** A build with its job's state: a job the queue buried (its worker vanished) means a failed build. */
		findBuild(releaseId: string, format: DownloadFormat, version: string): DownloadBuildWithJob | undefined {
			const row = db
				.select(buildColumns)
				.from(downloadBuilds)
				.leftJoin(jobs, eq(jobs.id, downloadBuilds.jobId))
				.where(
					and(
						eq(downloadBuilds.releaseId, releaseId),
						eq(downloadBuilds.format, format),
						eq(downloadBuilds.version, version)
					)
				)
				.get();
			return row && { ...row.build, jobStatus: row.jobStatus, jobError: row.jobError };
		},

		findBuildByJob(jobId: string): DownloadBuildRow | undefined {
			return db.select().from(downloadBuilds).where(eq(downloadBuilds.jobId, jobId)).get();
		},

		insertBuild(row: DownloadBuildRow): void {
			db.insert(downloadBuilds).values(row).run();
		},

		/** A failed build starts again under a new job. */
		restartBuild(id: string, jobId: string, totalTracks: number, at: number): void {
			db.update(downloadBuilds)
				.set({ status: 'building', jobId, doneTracks: 0, totalTracks, error: null, updatedAt: at })
				.where(eq(downloadBuilds.id, id))
				.run();
		},

		setProgress(id: string, jobId: string, doneTracks: number, at: number): void {
			db.update(downloadBuilds)
				.set({ doneTracks, updatedAt: at })
				.where(and(eq(downloadBuilds.id, id), eq(downloadBuilds.jobId, jobId)))
				.run();
		},

		/**
		 * Call inside the job queue's `complete`. Other ready builds of the same release and format are
		 * stale now: their rows go, and their keys come back for removal after the commit.
		 */
		markReady(id: string, jobId: string, storeKey: string, at: number): { staleKeys: string[] } | null {
			const build = db
				.select()
				.from(downloadBuilds)
				.where(and(eq(downloadBuilds.id, id), eq(downloadBuilds.jobId, jobId)))
				.get();
			if (!build) return null;
			db.update(downloadBuilds)
				.set({ status: 'ready', storeKey, doneTracks: build.totalTracks, error: null, updatedAt: at })
				.where(eq(downloadBuilds.id, id))
				.run();
			const others = and(
				eq(downloadBuilds.releaseId, build.releaseId),
				eq(downloadBuilds.format, build.format),
				ne(downloadBuilds.id, id),
				ne(downloadBuilds.status, 'building')
			);
			const stale = db.select({ storeKey: downloadBuilds.storeKey }).from(downloadBuilds).where(others).all();
			db.delete(downloadBuilds).where(others).run();
			return { staleKeys: stale.flatMap((row) => (row.storeKey ? [row.storeKey] : [])) };
		},

		/** Call inside the job queue's `fail`. */
		markRetrying(id: string, jobId: string, note: string, at: number): void {
			db.update(downloadBuilds)
				.set({ error: note, doneTracks: 0, updatedAt: at })
				.where(and(eq(downloadBuilds.id, id), eq(downloadBuilds.jobId, jobId)))
				.run();
		},

		markFailed(id: string, jobId: string, reason: string, at: number): void {
			db.update(downloadBuilds)
				.set({ status: 'failed', error: reason, updatedAt: at })
				.where(and(eq(downloadBuilds.id, id), eq(downloadBuilds.jobId, jobId)))
				.run();
		},

		/** A build whose release changed before it ran: nobody will ask for that version again. */
		deleteBuild(id: string): void {
			db.delete(downloadBuilds).where(eq(downloadBuilds.id, id)).run();
		}
	};
}

export type DownloadRepository = ReturnType<typeof createDownloadRepository>;
