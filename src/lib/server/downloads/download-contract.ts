import { z } from 'zod';

/**
 * The download job's contract, shared by the web side (which enqueues) and the media worker (which
 * builds). The worker checks `version` against the release as it is when the job runs: a release
 * that changed meanwhile is not built under an old version's name.
 */
export const DOWNLOAD_JOB = 'release-download';

export const downloadPayloadSchema = z.object({
	releaseId: z.string().min(1).max(64),
	format: z.enum(['flac', 'mp3-320']),
	version: z.string().regex(/^[a-f0-9]{16}$/)
});
export type DownloadPayload = z.infer<typeof downloadPayloadSchema>;

/** The artwork file embedded in built files and added to every ZIP as cover.jpg. */
export const COVER_FILE = 'cover_1200.jpg';
