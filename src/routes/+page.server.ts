import { getAppContext } from '$lib/server/context';
import { DEMO_SEEDED_KEY } from '$lib/server/system/settings-repository';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const { artists, publicCatalog, repositories } = getAppContext();
	return {
		demoInstance: repositories.settings.get(DEMO_SEEDED_KEY) !== undefined,
		...publicCatalog.home(),
		artists: artists.newest(12).map(({ id, handle, name }) => ({ id, handle, name })),
		canonicalUrl: `${url.origin}/`
	};
};
