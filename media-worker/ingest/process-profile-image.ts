import fs from 'node:fs/promises';
import { z } from 'zod';
import { imageSize } from '../../src/lib/server/media/image-size';
import { sniffImage } from '../../src/lib/server/media/sniff-image';
import type {
	ProfileImageRepository,
	ProfileImageTarget
} from '../../src/lib/server/profiles/profile-image-repository';
import { PROFILE_IMAGE_JOB } from '../../src/lib/server/profiles/profile-image-contract';
import { PROFILE_IMAGE_SHAPES, PROFILE_IMAGE_SLOTS } from '../../src/lib/shared/profile-images';
import { FfmpegError } from '../ffmpeg/errors';
import { profileImageArgs } from '../ffmpeg/profile-image-args';
import type { JobContext, JobHandler } from './job-handler';
import { IngestError } from './job-failure';
import type { PipelineDeps } from './pipeline-deps';
import { outputVersion, removeQuietly, throwIfLeaseLost } from './publishing';

const payloadSchema = z
	.object({
		owner: z.enum(['user', 'artist']),
		ownerId: z.string().min(1).max(64),
		slot: z.enum(PROFILE_IMAGE_SLOTS)
	})
	.refine((p) => p.owner === 'artist' || p.slot === 'avatar');
const TIMEOUT_MS = 60_000;

export function createProfileImageHandler(deps: PipelineDeps, profiles: ProfileImageRepository): JobHandler {
	return {
		type: PROFILE_IMAGE_JOB,
		subject: 'image',
		run: (context) => processProfileImage(deps, profiles, context),
		// The job's reason is the record; the profile pages read it from the job.
		fail: (job, failure) =>
			deps.jobs.fail(job.id, job.token, failure.reason, { permanent: failure.permanent })
	};
}

/** An uploaded avatar or banner → size checked → cropped and sized → published, and the owner's key set. */
export async function processProfileImage(
	deps: PipelineDeps,
	profiles: ProfileImageRepository,
	context: JobContext
): Promise<void> {
	const { jobs, store, runner } = deps;
	const { job, signal, logger } = context;
	const target: ProfileImageTarget = payloadSchema.parse(job.payload);
	const row = profiles.find(target);
	// Gone, or superseded by a newer upload whose own job will publish it.
	if (!row?.sourceKey || row.jobId !== job.id) {
		logger.info({ ...target }, 'the picture was removed or replaced; nothing to do');
		jobs.complete(job.id, job.token);
		return;
	}
	const word = target.slot;
	const bytes = await fs.readFile(store.pathOf(row.sourceKey));
	const format = sniffImage(bytes.subarray(0, 64));
	if (!format) throw new IngestError(`The ${word} must be a JPEG, PNG or WebP image.`, true);
	const size = imageSize(bytes);
	if (!size)
		throw new IngestError(`The ${word} image could not be read. Try saving it again as a JPEG or PNG.`, true);
	const shape = PROFILE_IMAGE_SHAPES[target.slot];
	if (size.width < shape.minWidth || size.height < shape.minHeight) {
		throw new IngestError(
			`The ${word} is ${size.width} × ${size.height} pixels; it needs to be at least ${shape.minWidth} × ${shape.minHeight}. Choose a larger image.`,
			true
		);
	}

	const temp = await store.createTempDir();
	try {
		try {
			await runner.run(
				profileImageArgs({ input: { path: store.pathOf(row.sourceKey), format }, outputDir: temp, shape }),
				{ timeoutMs: TIMEOUT_MS, signal }
			);
		} catch (error) {
			if (error instanceof FfmpegError && (error.reason === 'undecodable' || error.reason === 'no_stream')) {
				throw new IngestError(
					`The ${word} image could not be read. Try saving it again as a JPEG or PNG.`,
					true
				);
			}
			throw error;
		}
		context.reportProgress(0.9);
		throwIfLeaseLost(signal);
		const key = store.artworkKey(target.ownerId, outputVersion(job));
		const outcome: { previous?: ReturnType<typeof profiles.publish> } = {};
		try {
			await store.publishDir(temp, key);
			jobs.complete(job.id, job.token, () => {
				outcome.previous = profiles.publish(target, key);
			});
		} catch (error) {
			await removeQuietly(store, [key], logger);
			throw error;
		}
		const previous = outcome.previous === null ? key : outcome.previous?.previousKey;
		if (previous) await removeQuietly(store, [previous], logger);
	} finally {
		await store.removeTemp(temp);
	}
}
