import { ZodError } from 'zod';
import { FfmpegError, PERMANENT_FAILURES, plainFailure, type FailureSubject } from '../ffmpeg/errors';

/**
 * A failure the pipeline found itself, worded for the artist (what happened and what to do).
 * `permanent` when the file is at fault: retrying the same bytes cannot help, so the job goes straight
 * to dead. `detail` is the technical side, for the log and the "Details" line.
 */
export class IngestError extends Error {
	override name = 'IngestError';
	constructor(
		message: string,
		readonly permanent: boolean,
		readonly detail: string | null = null
	) {
		super(message);
	}
}

export interface JobFailure {
	/** Plain words for a person: stored on the job and on the entity the job works for. */
	reason: string;
	/** The technical detail (ffmpeg's words, an error message), or null when the reason says it all. */
	detail: string | null;
	permanent: boolean;
}

export const UNEXPECTED_FAILURE =
	'Something went wrong on the server while processing. Try again. If it keeps happening, tell the people who run this Shoal.';

/**
 * Turns anything a job threw into a classified failure; never throws itself. `subject` is what the
 * job makes (a track's audio, an image), so the same ffmpeg failure reads right for each.
 */
export function describeFailure(error: unknown, subject: FailureSubject = 'file'): JobFailure {
	if (error instanceof IngestError)
		return { reason: sentence(error.message), detail: error.detail, permanent: error.permanent };
	if (error instanceof FfmpegError)
		return {
			reason: plainFailure(error.reason, subject),
			detail: sentence(error.message),
			permanent: PERMANENT_FAILURES.includes(error.reason)
		};
	if (error instanceof ZodError)
		return {
			reason:
				'Shoal was updated while this waited, and the work can no longer be read. Upload the file again.',
			detail: error.message,
			permanent: true
		};
	const code = (error as NodeJS.ErrnoException | null)?.code;
	if (code === 'ENOSPC' || code === 'EDQUOT')
		return { reason: plainFailure('disk_full', subject), detail: errorText(error), permanent: false };
	return { reason: UNEXPECTED_FAILURE, detail: errorText(error), permanent: false };
}

function errorText(error: unknown): string {
	return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Capitalised and closed with a full stop, except that program names keep their own spelling. */
export function sentence(text: string): string {
	const trimmed = text.trim();
	if (!trimmed) return 'Processing failed without a reason.';
	const capital = /^(ffmpeg|ffprobe)\b/.test(trimmed) ? trimmed : trimmed[0].toUpperCase() + trimmed.slice(1);
	return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}
