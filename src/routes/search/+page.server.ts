import { getAppContext } from '$lib/server/context';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	// The service cuts the text to 100 characters and turns it into a safe full-text query.
	return { results: getAppContext().search.search(url.searchParams.get('q') ?? '') };
};
