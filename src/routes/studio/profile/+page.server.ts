import { redirect } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/context';
import { failWith, formFields, requireUser } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const user = requireUser(locals, '/studio/profile');
	const { artists, catalog } = getAppContext();
	const artist = artists.ofUser(user.id);
	const releases = artist
		? catalog
				.listOwnReleases({ userId: user.id, isAdmin: user.isAdmin })
				.releases.map((r) => ({ id: r.id, title: r.title, status: r.status }))
		: [];
	return { artist, releases, welcome: url.searchParams.has('welcome') };
};

function linesOf(text: string): string[] {
	return text
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter(Boolean);
}

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const user = requireUser(locals, '/studio/profile');
		const fields = formFields(await request.formData(), [
			'artistId',
			'handle',
			'name',
			'bio',
			'links',
			'featuredReleaseId'
		]);
		const { artists } = getAppContext();
		const actor = { userId: user.id, isAdmin: user.isAdmin };
		const profile = {
			handle: fields.handle,
			name: fields.name,
			bio: fields.bio,
			links: linesOf(fields.links),
			featuredReleaseId: fields.featuredReleaseId
		};
		let handle: string;
		try {
			const saved = fields.artistId
				? artists.updateProfile(actor, fields.artistId, profile)
				: artists.createProfile(actor, profile);
			handle = saved.handle;
		} catch (error) {
			return failWith(error, {
				handle: fields.handle,
				name: fields.name,
				bio: fields.bio,
				links: fields.links,
				featuredReleaseId: fields.featuredReleaseId
			});
		}
		redirect(303, `/@${handle}?saved=1`);
	}
};
