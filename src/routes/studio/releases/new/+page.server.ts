import { redirect } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/context';
import { failWith, formFields, requireUser } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['title', 'type', 'releaseDate', 'description', 'tags', 'licence'] as const;

export const load: PageServerLoad = ({ locals }) => {
	const user = requireUser(locals, '/studio/releases/new');
	if (!getAppContext().artists.ofUser(user.id)) redirect(303, '/studio/profile');
	return {};
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
