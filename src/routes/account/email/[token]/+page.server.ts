import { redirect } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/context';
import { failWith } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

// Opening the link (GET) changes nothing, so mail scanners that prefetch links cannot use it up.
export const load: PageServerLoad = ({ params }) => ({
	valid: getAppContext().recovery.isLinkValid('email_change', params.token)
});

export const actions: Actions = {
	default: async ({ params, locals }) => {
		let email: string;
		try {
			email = getAppContext().recovery.confirmEmailChange(params.token).email;
		} catch (error) {
			return failWith(error);
		}
		if (locals.user) redirect(303, '/account?email-changed=1');
		return { changedTo: email };
	}
};
