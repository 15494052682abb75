import path from 'node:path';
import type { Clock } from '../../src/lib/server/clock';
import {
	COVER_FILE,
	DOWNLOAD_JOB,
	downloadPayloadSchema
} from '../../src/lib/server/downloads/download-contract';
import type { DownloadRepository } from '../../src/lib/server/downloads/download-repository';
import {
	builtFileName,
	downloadVersion,
	possibleFormats,
	trackTags
} from '../../src/lib/server/downloads/download-snapshot';
import type { ClaimedJob, FailOutcome, JobQueue } from '../../src/lib/server/jobs/types';
import type { MediaStore } from '../../src/lib/server/media/media-store';
import { AUDIO_DEMUXERS, type AudioDemuxer } from '../ffmpeg/args';
import { downloadTrackArgs } from '../ffmpeg/download-args';
import type { FfmpegRunner } from '../ffmpeg/runner';
import { FfmpegError } from '../ffmpeg/errors';
import { DOWNLOAD_FORMAT_LABELS, type BuiltFormat } from '../../src/lib/shared/downloads';
import type { JobContext, JobHandler } from '../ingest/job-handler';
import { IngestError, type JobFailure } from '../ingest/job-failure';
import { removeQuietly, throwIfLeaseLost } from '../ingest/publishing';

export interface DownloadDeps {
	jobs: JobQueue;
	repo: DownloadRepository;
	store: MediaStore;
	runner: FfmpegRunner;
	clock: Clock;
	origin: string;
	maxTrackSeconds: number;
}

/** Far beyond LAME's ~50x realtime on one core here; slower than that means something is stuck. */
function encodeTimeoutMs(durationSeconds: number | null): number {
	return Math.ceil(120_000 + (durationSeconds ?? 3600) * 1000);
}

export function createDownloadHandler(deps: DownloadDeps): JobHandler {
	return {
		type: DOWNLOAD_JOB,
		run: (context) => buildDownload(deps, context),
		fail: (job, failure) => recordDownloadFailure(deps, job, failure)
	};
}

/**
 * Makes every track of a release in one format (tags and cover embedded), one ffmpeg at a time with
 * progress per track, then publishes the directory and marks the build ready with the job's completion.
 */
export async function buildDownload(deps: DownloadDeps, context: JobContext): Promise<void> {
	const { jobs, repo, store, runner, clock, origin } = deps;
	const { job, signal, logger } = context;
	const { releaseId, format, version } = downloadPayloadSchema.parse(job.payload);
	const build = repo.findBuildByJob(job.id);
	const snapshot = repo.snapshot(releaseId);
	if (!build || !snapshot || downloadVersion(snapshot, format, origin) !== version) {
		// Deleted, or changed since it was asked for: the next request asks for the new version.
		logger.info({ releaseId, format }, 'the release changed or is gone; this download build is stale');
		jobs.complete(job.id, job.token, () => build && repo.deleteBuild(build.id));
		return;
	}
	if (!possibleFormats(snapshot).includes(format))
		throw new IngestError('FLAC is offered only when every track was uploaded in a lossless format.', true);

	const temp = await store.createTempDir();
	try {
		const coverPath = snapshot.coverKey ? path.join(store.pathOf(snapshot.coverKey), COVER_FILE) : null;
		const hasCover =
			coverPath !== null && (await store.openRead(snapshot.coverKey!, COVER_FILE).then(closed));
		for (const [index, track] of snapshot.tracks.entries()) {
			await inPlainWords(index, track.title, format, () =>
				runner.run(
					downloadTrackArgs({
						input: { path: store.pathOf(track.sourceKey), format: audioDemuxer(track.sourceDemuxer) },
						coverPath: hasCover ? coverPath : null,
						outputPath: path.join(temp, builtFileName(index, format)),
						format,
						tags: trackTags(snapshot, index, origin),
						maxDurationSeconds: deps.maxTrackSeconds
					}),
					{ timeoutMs: encodeTimeoutMs(track.durationSeconds), signal }
				)
			);
			repo.setProgress(build.id, job.id, index + 1, clock.now());
			context.reportProgress((index + 1) / snapshot.tracks.length);
		}
		throwIfLeaseLost(signal);
		const key = store.downloadKey(releaseId, format, version);
		const outcome: { stale?: string[] } = {};
		try {
			await store.publishDir(temp, key);
			jobs.complete(job.id, job.token, () => {
				outcome.stale = repo.markReady(build.id, job.id, key, clock.now())?.staleKeys;
			});
		} catch (error) {
			await removeQuietly(store, [key], logger);
			throw error;
		}
		await removeQuietly(store, outcome.stale ?? [key], logger);
	} finally {
		await store.removeTemp(temp);
	}
}

/**
 * ffmpeg's own words ("Could not write header…") go to the worker's log with the error; the listener
 * and the artist read which track failed and what to do.
 */
async function inPlainWords<T>(index: number, title: string, format: BuiltFormat, work: () => Promise<T>) {
	try {
		return await work();
	} catch (error) {
		if (!(error instanceof FfmpegError) || error.reason === 'aborted') throw error;
		const what = `Track ${index + 1} (“${title}”) could not be made into ${DOWNLOAD_FORMAT_LABELS[format]}`;
		const advice =
			error.reason === 'timeout' ? 'it took far too long. Try again later.' : 'try again in a moment.';
		throw new DownloadBuildError(
			`${what}: ${advice}`,
			PERMANENT_FFMPEG_FAILURES.includes(error.reason),
			error
		);
	}
}

/** A build failure worded for people; the ffmpeg error it wraps stays attached for the log. */
class DownloadBuildError extends IngestError {
	constructor(
		message: string,
		permanent: boolean,
		override readonly cause: unknown
	) {
		super(message, permanent);
	}
}

const PERMANENT_FFMPEG_FAILURES: readonly string[] = ['undecodable', 'no_stream', 'output_too_large'];

async function closed(file: { close(): Promise<void> } | null): Promise<boolean> {
	await file?.close();
	return file !== null;
}

function audioDemuxer(value: string): AudioDemuxer {
	if ((AUDIO_DEMUXERS as readonly string[]).includes(value)) return value as AudioDemuxer;
	throw new IngestError(`Shoal cannot read files of this kind ("${value}").`, true);
}

/** The job's failure and the build's state commit together: "failed" or a retry note, never neither. */
export function recordDownloadFailure(deps: DownloadDeps, job: ClaimedJob, failure: JobFailure): FailOutcome {
	const { jobs, repo, clock } = deps;
	return repo.immediate(() => {
		const outcome = jobs.fail(job.id, job.token, failure.reason, { permanent: failure.permanent });
		const build = repo.findBuildByJob(job.id);
		if (!build) return outcome;
		if (outcome.status === 'dead') repo.markFailed(build.id, job.id, failure.reason, clock.now());
		else
			repo.markRetrying(
				build.id,
				job.id,
				`Trying again (attempt ${job.attempt + 1} of ${job.maxAttempts}): ${failure.reason}`,
				clock.now()
			);
		return outcome;
	});
}
