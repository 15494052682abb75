import { ZodError } from 'zod';
import { FfmpegError, type FfmpegFailure } from '../ffmpeg/errors';

/**
 * A failure the pipeline found itself, worded for the artist. `permanent` when the file is at fault:
 * retrying the same bytes cannot help, so the job goes straight to dead.
 */
export class IngestError extends Error {
	override name = 'IngestError';
	constructor(
		message: string,
		readonly permanent: boolean
	) {
		super(message);
	}
}

export interface JobFailure {
	/** A sentence for a person; stored on the job and shown on the track. */
	reason: string;
	permanent: boolean;
}

/** The file's fault: decoding it again gives the same answer. Everything else may pass on a retry. */
const PERMANENT_FFMPEG: readonly FfmpegFailure[] = ['undecodable', 'no_stream', 'output_too_large'];

/** Turns anything a job threw into a readable, classified reason; never throws itself. */
export function describeFailure(error: unknown): JobFailure {
	if (error instanceof IngestError) return { reason: sentence(error.message), permanent: error.permanent };
	if (error instanceof FfmpegError)
		return { reason: sentence(error.message), permanent: PERMANENT_FFMPEG.includes(error.reason) };
	if (error instanceof ZodError)
		return {
			reason: 'This job was written by another version of Shoal and cannot be read.',
			permanent: true
		};
	const code = (error as NodeJS.ErrnoException | null)?.code;
	if (code === 'ENOSPC' || code === 'EDQUOT')
		return { reason: 'The disk is full, so processing stopped.', permanent: false };
	const message = error instanceof Error ? error.message : String(error);
	return { reason: sentence(`an unexpected error stopped processing: ${message}`), permanent: false };
}

/** Capitalised and closed with a full stop, except that program names keep their own spelling. */
export function sentence(text: string): string {
	const trimmed = text.trim();
	if (!trimmed) return 'Processing failed without a reason.';
	const capital = /^(ffmpeg|ffprobe)\b/.test(trimmed) ? trimmed : trimmed[0].toUpperCase() + trimmed.slice(1);
	return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}
