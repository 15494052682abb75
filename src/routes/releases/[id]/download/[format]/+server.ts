import { Readable } from 'node:stream';
import { redirect } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/context';
import { isServiceError } from '$lib/server/errors';
import { viewerOf } from '$lib/server/listen/page-load';
import type { RequestHandler } from './$types';

/**
 * The ZIP of a release in one format, streamed from the media store as it is read. While the files are
 * still being made, the release page (which shows the progress) answers instead.
 */
export const GET: RequestHandler = async (event) => {
	const { params, locals } = event;
	let zip;
	try {
		zip = await getAppContext().downloads.openZip(
			params.id,
			params.format,
			viewerOf(locals),
			event.getClientAddress()
		);
	} catch (err) {
		if (!isServiceError(err)) throw err;
		if (err.kind === 'conflict') redirect(303, `/releases/${params.id}#download`);
		const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
		if (err.retryAfterSeconds) headers['retry-after'] = String(err.retryAfterSeconds);
		return new Response(err.message, { status: err.status, headers });
	}
	const headers: Record<string, string> = {
		'content-type': 'application/zip',
		'content-disposition': zip.contentDisposition,
		'cache-control': 'private, no-store',
		'x-content-type-options': 'nosniff'
	};
	if (zip.size !== null) headers['content-length'] = String(zip.size);
	return new Response(Readable.toWeb(zip.stream) as ReadableStream<Uint8Array>, { headers });
};
