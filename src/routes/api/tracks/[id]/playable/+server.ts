import { json } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/context';
import { entityIdSchema } from '$lib/shared/schemas/media';
import type { RequestHandler } from './$types';

// A fresh signature each time, and only for this viewer: never stored by any cache.
const HEADERS = { 'cache-control': 'private, no-store' };
const NOT_PLAYABLE = { message: 'This track is not available to play.' };

/**
 * The player's view of one track (PlayableTrack), with a freshly signed URL when the track is not
 * public. Tracks the viewer may not play, unknown ids and unfinished tracks all answer the same 404.
 */
export const GET: RequestHandler = ({ params, locals }) => {
	const id = entityIdSchema.safeParse(params.id);
	if (!id.success) return json(NOT_PLAYABLE, { status: 404, headers: HEADERS });
	const viewer = locals.user ? { userId: locals.user.id, isAdmin: locals.user.isAdmin } : null;
	const playable = getAppContext().mediaAccess.playable(id.data, viewer);
	if (!playable) return json(NOT_PLAYABLE, { status: 404, headers: HEADERS });
	return json(playable, { headers: HEADERS });
};
