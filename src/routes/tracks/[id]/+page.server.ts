import { getAppContext } from '$lib/server/context';
import { orPageError, shareImage, viewerOf } from '$lib/server/listen/page-load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals, url }) => {
	const page = orPageError(() => getAppContext().publicCatalog.trackPage(params.id, viewerOf(locals)));
	return {
		...page,
		canonicalUrl: `${url.origin}/tracks/${page.track.id}`,
		shareImage: shareImage(url.origin, page.track.artworkBase)
	};
};
