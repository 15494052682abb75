import { redirect } from '@sveltejs/kit';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { getAppContext } from '$lib/server/context';
import { failWith, formFields } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => ({
	valid: getAppContext().recovery.isLinkValid('password_reset', params.token)
});

export const actions: Actions = {
	default: async ({ params, request, cookies }) => {
		const fields = formFields(await request.formData(), ['newPassword', 'confirmPassword']);
		const { recovery, config } = getAppContext();
		try {
			const signedIn = await recovery.resetPassword(params.token, fields);
			setSessionCookie(cookies, signedIn.token, signedIn.expiresAt, config.secureCookies);
		} catch (error) {
			return failWith(error);
		}
		redirect(303, '/account?reset=1');
	}
};
