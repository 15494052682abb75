import { fail, redirect } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/context';
import { fileBytes } from '$lib/server/http/form-files';
import { failWith, formFields, requireUser } from '$lib/server/http/forms';
import type { ProfileImageSlot } from '$lib/shared/profile-images';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const user = requireUser(locals, '/studio/profile/images');
	const { artists, profileImages } = getAppContext();
	const artist = artists.ofUser(user.id);
	if (!artist) redirect(303, '/studio/profile');
	return {
		artist: { id: artist.id, name: artist.name, handle: artist.handle },
		avatar: profileImages.state({ owner: 'artist', ownerId: artist.id, slot: 'avatar' }),
		banner: profileImages.state({ owner: 'artist', ownerId: artist.id, slot: 'banner' })
	};
};

function artistOf(locals: App.Locals) {
	const user = requireUser(locals, '/studio/profile/images');
	const artist = getAppContext().artists.ofUser(user.id);
	if (!artist) redirect(303, '/studio/profile');
	return { actor: { userId: user.id, isAdmin: user.isAdmin }, artistId: artist.id };
}

function uploadAction(slot: ProfileImageSlot) {
	return async ({ request, locals }: { request: Request; locals: App.Locals }) => {
		const { actor, artistId } = artistOf(locals);
		const bytes = await fileBytes(await request.formData(), slot);
		try {
			await getAppContext().profileImages.upload(actor, { owner: 'artist', ownerId: artistId, slot }, bytes);
		} catch (error) {
			return failWith(error, { scope: slot });
		}
		return { received: slot };
	};
}

export const actions: Actions = {
	avatar: uploadAction('avatar'),
	banner: uploadAction('banner'),
	retryImage: async ({ request, locals }) => {
		const { actor, artistId } = artistOf(locals);
		const { slot } = formFields(await request.formData(), ['slot']);
		if (slot !== 'avatar' && slot !== 'banner') return fail(400, { message: 'Choose avatar or banner.' });
		try {
			getAppContext().profileImages.retry(actor, { owner: 'artist', ownerId: artistId, slot });
		} catch (error) {
			return failWith(error, { scope: slot });
		}
		return { received: slot };
	}
};
