import { getAppContext } from '$lib/server/context';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const query = (url.searchParams.get('q') ?? '').slice(0, 100);
	return { query, artists: getAppContext().artists.search(query) };
};
