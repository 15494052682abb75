import fs from 'node:fs/promises';
import { z } from 'zod';
import { COVER_JOB } from '../../src/lib/server/catalog/catalog-service';
import { sniffImage } from '../../src/lib/server/media/sniff-image';
import { extractArtwork } from '../ffmpeg/artwork';
import type { JobContext, JobHandler } from './job-handler';
import { IngestError } from './job-failure';
import { failWithOwner } from './owner-failure';
import type { PipelineDeps } from './pipeline-deps';
import { outputVersion, removeQuietly, throwIfLeaseLost } from './publishing';

const payloadSchema = z.object({ releaseId: z.string().min(1).max(64) });
const ARTWORK_TIMEOUT_MS = 60_000;
const SNIFF_BYTES = 64;
const CHOOSE_ANOTHER = 'Choose a different image and upload it.';

export function createCoverHandler(deps: PipelineDeps): JobHandler {
	return {
		type: COVER_JOB,
		subject: 'image',
		run: (context) => processCover(deps, context),
		fail: (job, failure) => {
			const parsed = payloadSchema.safeParse(job.payload);
			const releaseId = parsed.success ? parsed.data.releaseId : null;
			const { repo, clock } = deps;
			return failWithOwner(
				{ jobs: deps.jobs, immediate: repo.immediate },
				job,
				failure,
				releaseId
					? { dead: (reason, detail) => repo.markCoverFailed(releaseId, job.id, reason, detail, clock.now()) }
					: null
			);
		},
		failOwnersOfDeadJobs: (now) => deps.repo.failCoversOfDeadJobs(now)
	};
}

/** The release's uploaded cover → every artwork size → published, and release.coverKey set on completion. */
export async function processCover(deps: PipelineDeps, context: JobContext): Promise<void> {
	const { jobs, repo, store, runner, clock } = deps;
	const { job, signal, logger } = context;
	const { releaseId } = payloadSchema.parse(job.payload);
	const release = repo.findRelease(releaseId);
	if (!release?.coverSourceKey) {
		logger.info({ releaseId }, 'the release or its cover is gone; nothing to do');
		jobs.complete(job.id, job.token);
		return;
	}
	const sourcePath = store.pathOf(release.coverSourceKey);
	// Sniffed again here, not trusted from the upload: the demuxer we force must match these bytes.
	const format = sniffImage(await readHead(sourcePath));
	if (!format) throw new IngestError(`The cover must be a JPEG, PNG or WebP image. ${CHOOSE_ANOTHER}`, true);

	const temp = await store.createTempDir();
	try {
		// Its failures (a decompression bomb, a broken file) are worded for an image by describeFailure.
		await extractArtwork(runner, {
			input: { path: sourcePath, format },
			outputDir: temp,
			timeoutMs: ARTWORK_TIMEOUT_MS,
			signal
		});
		context.reportProgress(0.9);
		throwIfLeaseLost(signal);
		const coverKey = store.artworkKey(release.id, outputVersion(job));
		const outcome: { previous?: ReturnType<typeof repo.setReleaseCover> } = {};
		try {
			await store.publishDir(temp, coverKey);
			jobs.complete(job.id, job.token, () => {
				outcome.previous = repo.setReleaseCover(release.id, job.id, coverKey, clock.now());
			});
		} catch (error) {
			await removeQuietly(store, [coverKey], logger);
			throw error;
		}
		// The release's earlier cover is replaced; if the release itself was deleted meanwhile, ours is unused.
		await removeQuietly(store, [outcome.previous ? outcome.previous.previousCoverKey : coverKey], logger);
	} finally {
		await store.removeTemp(temp);
	}
}

async function readHead(filePath: string): Promise<Buffer> {
	const handle = await fs.open(filePath, 'r');
	try {
		const buffer = Buffer.alloc(SNIFF_BYTES);
		const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
		return buffer.subarray(0, bytesRead);
	} finally {
		await handle.close();
	}
}
