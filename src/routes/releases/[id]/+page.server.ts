import { getAppContext } from '$lib/server/context';
import { orPageError, shareImage, viewerOf } from '$lib/server/listen/page-load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals, url }) => {
	const page = orPageError(() => getAppContext().publicCatalog.releasePage(params.id, viewerOf(locals)));
	return {
		...page,
		canonicalUrl: `${url.origin}/releases/${page.release.id}`,
		shareImage: shareImage(url.origin, page.release.artworkBase)
	};
};
