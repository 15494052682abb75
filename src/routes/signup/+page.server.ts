import { redirect } from '@sveltejs/kit';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { getAppContext } from '$lib/server/context';
import { failWith, formFields } from '$lib/server/http/forms';
import { safeRedirectTarget } from '$lib/server/http/safe-redirect';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user)
		redirect(
			303,
			safeRedirectTarget(url.searchParams.get('next'), getAppContext().config.origin, '/account')
		);
};

export const actions: Actions = {
	default: async ({ request, cookies, url }) => {
		const fields = formFields(await request.formData(), ['displayName', 'email', 'password']);
		const { accounts, config } = getAppContext();
		try {
			const signedIn = await accounts.signUp(fields);
			setSessionCookie(cookies, signedIn.token, signedIn.expiresAt, config.secureCookies);
		} catch (error) {
			return failWith(error, { displayName: fields.displayName, email: fields.email });
		}
		redirect(
			303,
			safeRedirectTarget(url.searchParams.get('next'), getAppContext().config.origin, '/account?welcome=1')
		);
	}
};
