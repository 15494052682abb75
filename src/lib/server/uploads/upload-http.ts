import type { IncomingMessage, ServerResponse } from 'node:http';
import { ERRORS, TUS_RESUMABLE } from '@tus/server';
import { SESSION_COOKIE } from '../../shared/realtime-events';
import type { Actor } from '../artists/artist-service';
import type { SessionService } from '../auth/session-service';
import { originFactsOf, originVerdict } from '../http/request-origin';
import { readCookie } from '../realtime/realtime-server';

/** What a hook throws to make tus answer with this status and body. */
export interface TusRefusal {
	status_code: number;
	body: string;
}

export function refusal(status: number, message: string): TusRefusal {
	return { status_code: status, body: message };
}

export function isTusRefusal(error: unknown): error is TusRefusal {
	return (
		typeof error === 'object' &&
		error !== null &&
		typeof (error as TusRefusal).status_code === 'number' &&
		typeof (error as TusRefusal).body === 'string'
	);
}

/**
 * The origin rule of every state-changing path (request-origin.ts): a present Origin must be ours, and a
 * session cookie needs one, except on a HEAD (resuming) the browser marks `Sec-Fetch-Site: same-origin`.
 */
export function authenticate(
	req: IncomingMessage,
	origin: string,
	sessions: SessionService
): { actor: Actor } | { status: number; message: string } {
	const token = readCookie(req.headers.cookie, SESSION_COOKIE);
	if (originVerdict(originFactsOf(req, token !== undefined), origin) !== 'allowed') {
		return { status: 403, message: 'Uploads are only accepted from Shoal’s own pages.' };
	}
	const session = sessions.validate(token);
	if (!session) return { status: 401, message: 'Sign in to upload.' };
	return { actor: { userId: session.user.id, isAdmin: session.user.isAdmin } };
}

/** A plain-text answer given before tus sees the request. */
export function answer(
	res: ServerResponse,
	status: number,
	message: string,
	headers: Record<string, string> = {}
): void {
	res.writeHead(status, {
		'Tus-Resumable': TUS_RESUMABLE,
		'Cache-Control': 'no-store',
		...(message ? { 'Content-Type': 'text/plain; charset=utf-8' } : {}),
		...headers
	});
	res.end(message);
}

/** A JSON answer for the request that completes an upload (tus-js-client hands it to onSuccess/onError). */
export function jsonAnswer(status: number, body: unknown) {
	return {
		status_code: status,
		headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
		body: JSON.stringify(body)
	};
}

export const UPLOAD_NOT_FOUND = 'This upload does not exist.';

/** tus's own refusals, in words a person can act on. */
const HUMAN_ERRORS = new Map<unknown, TusRefusal>([
	[
		ERRORS.UNSUPPORTED_CREATION_DEFER_LENGTH_EXTENSION,
		refusal(400, 'The upload must say its size up front.')
	],
	[ERRORS.INVALID_LENGTH, refusal(400, 'The upload must say its size up front.')],
	[ERRORS.INVALID_METADATA, refusal(400, 'The upload details could not be read.')],
	[ERRORS.ERR_SIZE_EXCEEDED, refusal(413, 'More bytes arrived than the upload said it would send.')],
	[ERRORS.FILE_NOT_FOUND, refusal(404, UPLOAD_NOT_FOUND)],
	[
		ERRORS.FILE_NO_LONGER_EXISTS,
		refusal(410, 'This upload expired or was discarded. Please upload the file again.')
	],
	[ERRORS.FILE_WRITE_ERROR, refusal(500, 'The server could not store this upload. Please try again later.')],
	[
		ERRORS.UNSUPPORTED_CONCATENATION_EXTENSION,
		refusal(400, 'Parallel uploads are not supported: send the file as one upload.')
	]
]);

export function humanTusError(error: unknown): TusRefusal | undefined {
	return HUMAN_ERRORS.get(error);
}

const MB = 1024 * 1024;
export function formatLimit(bytes: number): string {
	return bytes >= 1024 * MB ? `${(bytes / (1024 * MB)).toFixed(1)} GB` : `${Math.ceil(bytes / MB)} MB`;
}
