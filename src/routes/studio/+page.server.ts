import { redirect } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/context';
import { isServiceError } from '$lib/server/errors';
import { requireUser } from '$lib/server/http/forms';
import type { CoverState } from '$lib/studio/types';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const user = requireUser(locals, '/studio');
	const { catalog, clock } = getAppContext();
	try {
		const { artist, releases, quota } = catalog.listOwnReleases({ userId: user.id, isAdmin: user.isAdmin });
		return {
			artist: { name: artist.name, handle: artist.handle },
			releases: releases.map((r) => ({
				id: r.id,
				title: r.title,
				type: r.type,
				status: r.status,
				publishAt: r.publishAt,
				cover: (r.coverKey ? 'ready' : r.coverSourceKey ? 'processing' : 'none') as CoverState,
				trackCount: r.trackCount,
				readyCount: r.readyCount
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
