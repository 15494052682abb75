import { getAppContext } from '$lib/server/context';
import { failWith, formFields } from '$lib/server/http/forms';
import { RESET_REQUESTED } from '$lib/server/accounts/recovery-service';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, getClientAddress }) => {
		const fields = formFields(await request.formData(), ['email']);
		try {
			getAppContext().recovery.requestPasswordReset(fields, getClientAddress());
		} catch (error) {
			return failWith(error, { email: fields.email });
		}
		return { requested: RESET_REQUESTED };
	}
};
