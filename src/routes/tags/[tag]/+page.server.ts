import { getAppContext } from '$lib/server/context';
import { orPageError } from '$lib/server/listen/page-load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, url }) => {
	const page = orPageError(() => getAppContext().publicCatalog.releasesWithTag(params.tag));
	return { ...page, canonicalUrl: `${url.origin}/tags/${encodeURIComponent(page.tag)}` };
};
