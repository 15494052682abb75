import { getAppContext } from '$lib/server/context';
import { DEMO_SEEDED_KEY } from '$lib/server/system/settings-repository';
import type { PageServerLoad } from './$types';

/** How many recently heard tracks a signed-in home offers to play again. */
const CONTINUE_COUNT = 6;

export const load: PageServerLoad = ({ url, locals }) => {
	const { artists, plays, publicCatalog, repositories } = getAppContext();
	// Signed in: what they heard last (each track once, still playable) instead of the welcome.
	const continueListening = locals.user
		? plays
				.historyOf(locals.user.id, { limit: 30 })
				.entries.filter(
					(entry, i, all) => entry.available && all.findIndex((e) => e.trackId === entry.trackId) === i
				)
				.slice(0, CONTINUE_COUNT)
		: [];
	return {
		demoInstance: repositories.settings.get(DEMO_SEEDED_KEY) !== undefined,
		...publicCatalog.home(),
		continueListening,
		artists: artists.newest(12).map(({ id, handle, name }) => ({ id, handle, name })),
		canonicalUrl: `${url.origin}/`,
		welcome: url.searchParams.has('welcome')
	};
};
