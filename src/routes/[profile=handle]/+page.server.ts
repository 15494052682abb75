import { error } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/context';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals, url }) => {
	const { artists, catalog } = getAppContext();
	const artist = artists.byHandle(params.profile.slice(1));
	if (!artist) error(404, 'No artist has this handle.');
	const { userId, ...publicFields } = artist;
	// Only what is public now (published, or scheduled and due); drafts never reach this page.
	const releases = catalog.listPublicReleases(artist.id).map((r) => ({
		id: r.id,
		title: r.title,
		type: r.type,
		releaseDate: r.releaseDate,
		trackCount: r.trackCount
	}));
	return {
		artist: publicFields,
		releases,
		isOwner: locals.user?.id === userId,
		saved: url.searchParams.has('saved'),
		canonicalUrl: `${url.origin}/@${artist.handle}`
	};
};
