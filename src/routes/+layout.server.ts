import { getAppContext } from '$lib/server/context';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const user = locals.user;
	if (!user) return { user: null };
	const artist = getAppContext().artists.ofUser(user.id);
	return {
		user: { displayName: user.displayName, isAdmin: user.isAdmin, artistHandle: artist?.handle ?? null }
	};
};
