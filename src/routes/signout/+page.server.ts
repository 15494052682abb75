import { redirect } from '@sveltejs/kit';
import { clearSessionCookie } from '$lib/server/auth/cookies';
import { getAppContext } from '$lib/server/context';
import type { Actions, PageServerLoad } from './$types';

// Signing out changes state, so it is a POST (the header's button); a visit just goes home.
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: ({ locals, cookies }) => {
		const { accounts, config } = getAppContext();
		if (locals.sessionId) accounts.signOut(locals.sessionId);
		clearSessionCookie(cookies, config.secureCookies);
		redirect(303, '/');
	}
};
