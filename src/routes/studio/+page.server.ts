import { redirect } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/context';
import { isServiceError } from '$lib/server/errors';
import { failWith, formFields, requireUser } from '$lib/server/http/forms';
import { coverStateOf } from '$lib/shared/catalog';
import type { Actions, PageServerLoad } from './$types';

type User = NonNullable<App.Locals['user']>;
const actorOf = (user: User) => ({ userId: user.id, isAdmin: user.isAdmin });

export const load: PageServerLoad = ({ locals, depends }) => {
	depends('studio:list');
	const user = requireUser(locals, '/studio');
	const { catalog, clock } = getAppContext();
	try {
		const { artist, releases, failedTracks, quota } = catalog.listOwnReleases(actorOf(user));
		return {
			artist: { name: artist.name, handle: artist.handle },
			releases: releases.map((r) => ({
				id: r.id,
				title: r.title,
				type: r.type,
				status: r.status,
				publishAt: r.publishAt,
				cover: coverStateOf(r),
				trackCount: r.trackCount,
				readyCount: r.readyCount,
				failedCount: r.failedCount,
				failedTracks: failedTracks
					.filter((t) => t.releaseId === r.id)
					.map((t) => ({ id: t.id, title: t.title, error: t.error, errorDetail: t.errorDetail }))
			})),
			quota,
			now: clock.now()
		};
	} catch (error) {
		// Listeners have no studio yet: the first step is an artist profile.
		if (isServiceError(error) && error.kind === 'forbidden') redirect(303, '/studio/profile');
		throw error;
	}
};

export const actions: Actions = {
	/** Retry straight from the list: the same original goes back to the media worker. */
	retryTrack: async ({ request, locals }) => {
		const user = requireUser(locals, '/studio');
		const { trackId } = formFields(await request.formData(), ['trackId']);
		try {
			getAppContext().catalog.retryTrack(actorOf(user), trackId);
		} catch (err) {
			return failWith(err, { trackId });
		}
		return { success: 'Trying again. The track is back in the queue.', values: { trackId } };
	}
};
