import { redirect } from '@sveltejs/kit';
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
	default: async ({ request, getClientAddress }) => {
		const fields = formFields(await request.formData(), ['displayName', 'email', 'password', 'role']);
		try {
			// The same answer whether or not the address has an account: the mailbox tells the rest.
			return await getAppContext().registration.requestSignUp(fields, getClientAddress());
		} catch (error) {
			return failWith(error, { displayName: fields.displayName, email: fields.email, role: fields.role });
		}
	}
};
