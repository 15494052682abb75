import { getAppContext } from '$lib/server/context';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const { artists, publicCatalog } = getAppContext();
	return {
		...publicCatalog.home(),
		artists: artists.newest(12).map(({ id, handle, name }) => ({ id, handle, name })),
		canonicalUrl: `${url.origin}/`,
		welcome: url.searchParams.has('welcome')
	};
};
