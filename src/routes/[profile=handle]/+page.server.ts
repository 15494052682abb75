import { getAppContext } from '$lib/server/context';
import { orPageError, viewerOf } from '$lib/server/listen/page-load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals, url }) => {
	// Only what is public now (published, or scheduled and due); drafts never reach this page.
	const page = orPageError(() =>
		getAppContext().publicCatalog.artistPage(params.profile.slice(1), viewerOf(locals))
	);
	return {
		...page,
		saved: url.searchParams.has('saved'),
		canonicalUrl: `${url.origin}/@${page.artist.handle}`
	};
};
