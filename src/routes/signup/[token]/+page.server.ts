import { redirect } from '@sveltejs/kit';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { getAppContext } from '$lib/server/context';
import { failWith } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

// Opening the link (GET) changes nothing, so mail scanners that prefetch links cannot use it up.
export const load: PageServerLoad = ({ params }) => ({
	valid: getAppContext().registration.isLinkValid(params.token)
});

export const actions: Actions = {
	default: async ({ params, cookies }) => {
		const { registration, config } = getAppContext();
		let role: string;
		try {
			const signedIn = registration.confirmSignUp(params.token);
			setSessionCookie(cookies, signedIn.token, signedIn.expiresAt, config.secureCookies);
			role = signedIn.role;
		} catch (error) {
			return failWith(error);
		}
		// Artists start in the studio, at its first step (their artist profile); listeners at home.
		redirect(303, role === 'artist' ? '/studio/profile?welcome=1' : '/?welcome=1');
	}
};
