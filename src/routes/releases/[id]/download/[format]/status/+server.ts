import { json } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/context';
import { isServiceError } from '$lib/server/errors';
import { viewerOf } from '$lib/server/listen/page-load';
import type { RequestHandler } from './$types';

const HEADERS = { 'cache-control': 'private, no-store' };

/** Where the ZIP of one format stands: `{state: 'ready' | 'preparing' | 'failed', …}`; one small read. */
export const GET: RequestHandler = ({ params, locals }) => {
	try {
		const status = getAppContext().downloads.prepare(params.id, params.format, viewerOf(locals));
		return json(status, { headers: HEADERS });
	} catch (err) {
		if (!isServiceError(err)) throw err;
		return json({ message: err.message }, { status: err.status, headers: HEADERS });
	}
};
