import { json } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/context';
import { isServiceError } from '$lib/server/errors';
import { viewerOf } from '$lib/server/listen/page-load';
import { entityIdSchema } from '$lib/shared/schemas/media';
import type { RequestHandler } from './$types';

const NOT_FOUND = { message: 'This track does not exist.' };

/**
 * The player's lyrics panel: `{ lyrics: { synced, lines } }`, or `{ lyrics: null }` when the track
 * has none. Same visibility as the track page; anything else answers the same 404.
 */
export const GET: RequestHandler = ({ params, locals }) => {
	const headers = { 'cache-control': 'private, no-cache' };
	const id = entityIdSchema.safeParse(params.id);
	if (!id.success) return json(NOT_FOUND, { status: 404, headers });
	try {
		const lyrics = getAppContext().publicCatalog.trackLyrics(id.data, viewerOf(locals));
		return json({ lyrics }, { headers });
	} catch (err) {
		if (isServiceError(err)) return json({ message: err.message }, { status: err.status, headers });
		throw err;
	}
};
