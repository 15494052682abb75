import { getAppContext } from '$lib/server/context';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	return { artists: getAppContext().artists.newest(12) };
};
