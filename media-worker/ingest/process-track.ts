import path from 'node:path';
import { z } from 'zod';
import { INGEST_JOB, titleFromFileName } from '../../src/lib/server/catalog/catalog-service';
import type { JobFence } from '../../src/lib/server/catalog/track-pipeline-repository';
import type { TrackRow } from '../../src/lib/server/catalog/track-repository';
import type { ClaimedJob, FailOutcome } from '../../src/lib/server/jobs/types';
import { AUDIO_DEMUXERS, type AudioDemuxer, type MediaInput } from '../ffmpeg/args';
import { extractArtwork } from '../ffmpeg/artwork';
import { FfmpegError } from '../ffmpeg/errors';
import { encodeLadder } from '../ffmpeg/ladder';
import { measureLoudness } from '../ffmpeg/loudness';
import { computePeaks } from '../ffmpeg/peaks';
import type { FinishedRung } from '../ffmpeg/playlist';
import { probeMedia } from '../ffmpeg/probe';
import { runTogether } from '../ffmpeg/together';
import { unlimitedCpuSlots } from '../ffmpeg/cpu-slots';
import type { JobContext, JobHandler } from './job-handler';
import { IngestError, type JobFailure } from './job-failure';
import { failWithOwner } from './owner-failure';
import type { PipelineDeps } from './pipeline-deps';
import { outputVersion, removeQuietly, throwIfLeaseLost } from './publishing';
import { tagCredits } from './tag-split';
import { cleanTitle, trackNumber } from './tags';
import { createTrackProgress, type TrackProgress } from './track-progress';
import {
	checkDecodedLength,
	checkMinimumLength,
	trackLength,
	validateProbe,
	type ValidatedAudio
} from './validate';
import { checkWavComplete } from './wav-header';

const payloadSchema = z.object({ trackId: z.string().min(1).max(64) });

const PROBE_TIMEOUT_MS = 60_000;
const ARTWORK_TIMEOUT_MS = 60_000;

/**
 * A runaway guard, not a speed target: the ladder runs at 15-25x realtime here, so slower than 2x
 * realtime (plus a start-up allowance) means something is stuck.
 */
export function encodeTimeoutMs(durationSeconds: number): number {
	return Math.ceil(120_000 + durationSeconds * 500);
}

export function createTrackHandler(deps: PipelineDeps): JobHandler {
	return {
		type: INGEST_JOB,
		subject: 'audio',
		run: (context) => processTrack(deps, context),
		fail: (job, failure) => recordTrackFailure(deps, job, failure),
		failOwnersOfDeadJobs: (now) => deps.repo.failTracksOfDeadJobs(now)
	};
}

/**
 * probing → validate → prefill from tags → encoding (ladder, with loudness and peaks alongside) →
 * analysing → artwork → publishing, then "ready" in the same transaction as the job's completion.
 * Throws on every failure; the loop records it through `recordTrackFailure`.
 */
export async function processTrack(deps: PipelineDeps, context: JobContext): Promise<void> {
	const { jobs, repo, store, runner, clock, limits } = deps;
	const { job, signal, logger } = context;
	const { trackId } = payloadSchema.parse(job.payload);
	const track = repo.findTrack(trackId);
	if (!track || track.jobId !== job.id || track.status !== 'processing') {
		logger.info({ trackId }, 'the track was deleted or handed to a newer job; nothing to do');
		jobs.complete(job.id, job.token);
		return;
	}
	const fence: JobFence = { jobId: job.id, token: job.token };
	const progress = createTrackProgress({ repo, clock, trackId, fence, report: context.reportProgress });

	progress.enter('probing');
	const input: MediaInput = {
		path: store.pathOf(track.sourceKey),
		format: audioDemuxer(track.sourceDemuxer)
	};
	const probe = await probeMedia(runner, input, { timeoutMs: PROBE_TIMEOUT_MS, signal });
	const audio = validateProbe(probe, limits);
	if (input.format === 'wav') await checkWavComplete(input.path);
	prefillFromTags(deps, track, fence, probe.tags);
	deps.repo.prefillCredits(track.id, fence, tagCredits(probe.tags), clock.now());

	const temp = await store.createTempDir();
	try {
		const hlsDir = path.join(temp, 'hls');
		const { rungs, loudness, peaks } = await encodeAndAnalyse(deps, {
			input,
			audio,
			hlsDir,
			signal,
			progress
		});
		const decodedSeconds = Math.min(...rungs.map((rung) => rung.durationSeconds));
		checkDecodedLength(input.format, audio.durationSeconds, decodedSeconds);
		checkMinimumLength(decodedSeconds);

		let artworkDir: string | null = null;
		if (probe.hasPicture) {
			progress.enter('artwork');
			artworkDir = await embeddedArtwork(deps, { input, outputDir: path.join(temp, 'artwork'), context });
		}

		progress.enter('publishing');
		throwIfLeaseLost(signal);
		const version = outputVersion(job);
		const mediaKey = store.trackMediaKey(track.id, version);
		const artworkKey = artworkDir ? store.artworkKey(track.id, version) : null;
		const published: (string | null)[] = [];
		const outcome: { previous?: ReturnType<typeof repo.markReady> } = {};
		try {
			// Listed before publishing: a publish that fails after its rename must still be cleaned up.
			published.push(mediaKey);
			await store.publishDir(hlsDir, mediaKey);
			if (artworkDir && artworkKey) {
				published.push(artworkKey);
				await store.publishDir(artworkDir, artworkKey);
			}
			const ready = {
				durationSeconds: trackLength(input.format, audio.durationSeconds, decodedSeconds),
				lossless: audio.lossless,
				loudnessLufs: loudness.integratedLufs,
				truePeakDbtp: loudness.truePeakDbfs,
				peaks,
				rungs: rungs.map(publishedRung),
				mediaKey,
				artworkKey
			};
			jobs.complete(job.id, job.token, () => {
				outcome.previous = repo.markReady(track.id, job.id, ready, clock.now());
			});
		} catch (error) {
			// Lease lost (the job is another worker's now) or the commit failed: what we published is nobody's.
			await removeQuietly(store, published, logger);
			throw error;
		}
		if (outcome.previous) {
			const { previousMediaKey, previousArtworkKey } = outcome.previous;
			await removeQuietly(store, [previousMediaKey, previousArtworkKey], logger);
		} else {
			logger.info({ trackId }, 'the track was deleted or replaced while processing; output discarded');
			await removeQuietly(store, published, logger);
		}
	} finally {
		await store.removeTemp(temp);
	}
}

/**
 * The ladder's two ffmpeg processes take both cores; loudness and peaks each decode the source again
 * and wait for a free core (cpuSlots), which on two cores is the one the shorter ladder group leaves.
 */
async function encodeAndAnalyse(
	deps: PipelineDeps,
	work: {
		input: MediaInput;
		audio: ValidatedAudio;
		hlsDir: string;
		signal: AbortSignal;
		progress: TrackProgress;
	}
) {
	const { runner, limits } = deps;
	const analysisRunner = deps.analysisRunner ?? runner;
	const cpuSlots = deps.cpuSlots ?? unlimitedCpuSlots;
	const { input, audio, progress } = work;
	const options = {
		timeoutMs: encodeTimeoutMs(audio.durationSeconds),
		maxDurationSeconds: limits.maxTrackSeconds,
		durationSeconds: audio.durationSeconds
	};
	progress.enter('encoding');
	const [rungs, loudness, peaks] = await runTogether(work.signal, [
		(signal: AbortSignal) =>
			encodeLadder(runner, {
				...options,
				signal,
				input,
				outputDir: work.hlsDir,
				lossless: audio.lossless,
				cpuSlots,
				onProgress: (fraction) => progress.update('encoding', fraction)
			}).then((finished) => {
				progress.enter('analysing');
				return finished;
			}),
		// Asked for after the ladder's groups, so on two cores they take the core of the group that
		// finishes first instead of slowing the one that finishes last.
		(signal: AbortSignal) =>
			cpuSlots.run(() => measureLoudness(analysisRunner, input, { ...options, signal })),
		(signal: AbortSignal) => cpuSlots.run(() => computePeaks(analysisRunner, input, { ...options, signal }))
	]);
	progress.update('analysing', 1);
	return { rungs, loudness, peaks };
}

/** A broken embedded picture costs the track its artwork, not its release. */
async function embeddedArtwork(
	deps: PipelineDeps,
	work: { input: MediaInput; outputDir: string; context: JobContext }
): Promise<string | null> {
	const { input, outputDir, context } = work;
	try {
		await extractArtwork(deps.runner, {
			input,
			outputDir,
			timeoutMs: ARTWORK_TIMEOUT_MS,
			signal: context.signal
		});
		return outputDir;
	} catch (error) {
		const unusable = ['undecodable', 'no_stream', 'image_too_large'];
		if (!(error instanceof FfmpegError && unusable.includes(error.reason))) throw error;
		context.logger.warn({ err: error }, 'the embedded picture could not be used; continuing without it');
		await deps.store.removeTemp(outputDir);
		return null;
	}
}

/**
 * Tags fill in only what the artist has not set; disc and track number order the track within its
 * upload batch. A track that was ever ready (a replaced file) keeps its place and disc.
 */
function prefillFromTags(
	deps: PipelineDeps,
	track: TrackRow,
	fence: JobFence,
	tags: Record<string, string>
): void {
	const defaultTitle = titleFromFileName(track.originalName);
	const title = track.title === defaultTitle ? cleanTitle(tags.title) : null;
	const order =
		track.mediaKey === null
			? {
					disc: trackNumber(tags.disc ?? tags.discnumber),
					track: trackNumber(tags.track ?? tags.tracknumber)
				}
			: null;
	const hasOrder = order !== null && (order.disc !== null || order.track !== null);
	if ((title === null || title === track.title) && !hasOrder) return;
	deps.repo.prefill(
		track.id,
		fence,
		{
			title: title !== null && title !== track.title ? { value: title, ifStill: defaultTitle } : undefined,
			order: hasOrder ? order : undefined
		},
		deps.clock.now()
	);
}

function publishedRung(rung: FinishedRung) {
	return {
		name: rung.name,
		codecs: rung.codecs,
		bandwidth: rung.peakBitrate,
		averageBandwidth: rung.averageBitrate
	};
}

function audioDemuxer(value: string): AudioDemuxer {
	if ((AUDIO_DEMUXERS as readonly string[]).includes(value)) return value as AudioDemuxer;
	throw new IngestError(
		'Shoal cannot process files of this kind. Export it again as WAV, FLAC or MP3 and upload it.',
		true,
		`unknown demuxer "${value}"`
	);
}

/** The job's failure and the track's state commit together: "failed" or "retrying", never neither. */
export function recordTrackFailure(deps: PipelineDeps, job: ClaimedJob, failure: JobFailure): FailOutcome {
	const { repo, clock } = deps;
	const parsed = payloadSchema.safeParse(job.payload);
	const trackId = parsed.success ? parsed.data.trackId : null;
	return failWithOwner(
		{ jobs: deps.jobs, immediate: repo.immediate },
		job,
		failure,
		trackId
			? {
					dead: (reason, detail) => repo.markFailed(trackId, job.id, reason, detail, clock.now()),
					retrying: (note) => repo.markRetrying(trackId, job.id, note, clock.now())
				}
			: null
	);
}
