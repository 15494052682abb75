import { redirect } from '@sveltejs/kit';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { getAppContext } from '$lib/server/context';
import { failWith, formFields, safeNextPath } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNextPath(url.searchParams.get('next'), '/'));
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const fields = formFields(await request.formData(), ['email', 'password']);
		const { accounts, config } = getAppContext();
		try {
			const signedIn = await accounts.signIn(fields, getClientAddress());
			setSessionCookie(cookies, signedIn.token, signedIn.expiresAt, config.secureCookies);
		} catch (error) {
			return failWith(error, { email: fields.email });
		}
		redirect(303, safeNextPath(url.searchParams.get('next'), '/'));
	}
};
