import { randomUUID } from 'node:crypto';
import { redirect } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/context';
import { failWith, formFields, requireUser } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['title', 'type', 'releaseDate', 'description', 'tags', 'licence', 'creationKey'] as const;

export const load: PageServerLoad = ({ locals }) => {
	const user = requireUser(locals, '/studio/releases/new');
	if (!getAppContext().artists.ofUser(user.id)) redirect(303, '/studio/profile');
	// One token per loaded form: sending the same form twice makes one release (see createRelease).
	return { creationKey: randomUUID() };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const user = requireUser(locals, '/studio/releases/new');
		const fields = formFields(await request.formData(), FIELDS);
		let releaseId: string;
		try {
			releaseId = getAppContext().catalog.createRelease(
				{ userId: user.id, isAdmin: user.isAdmin },
				fields
			).id;
		} catch (error) {
			return failWith(error, fields);
		}
		redirect(303, `/studio/releases/${releaseId}?created=1`);
	}
};
