import { error } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/context';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals, url }) => {
	const artist = getAppContext().artists.byHandle(params.profile.slice(1));
	if (!artist) error(404, 'No artist has this handle.');
	const { userId, ...publicFields } = artist;
	return {
		artist: publicFields,
		isOwner: locals.user?.id === userId,
		saved: url.searchParams.has('saved'),
		canonicalUrl: `${url.origin}/@${artist.handle}`
	};
};
