import { fail, redirect } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/context';
import { isServiceError } from '$lib/server/errors';
import { formFields } from '$lib/server/http/forms';
import { orPageError, shareImage, viewerOf } from '$lib/server/listen/page-load';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals, url }) => {
	const { publicCatalog, downloads } = getAppContext();
	const viewer = viewerOf(locals);
	const page = orPageError(() => publicCatalog.releasePage(params.id, viewer));
	return {
		...page,
		downloads: orPageError(() => downloads.offer(params.id, viewer)),
		canonicalUrl: `${url.origin}/releases/${page.release.id}`,
		shareImage: shareImage(url.origin, page.release.artworkBase)
	};
};

export const actions: Actions = {
	/** Asks for the ZIP of one format: ready → the ZIP itself; otherwise where its making stands. */
	download: async ({ request, locals, params }) => {
		const { format, retry } = formFields(await request.formData(), ['format', 'retry']);
		let status;
		try {
			status = getAppContext().downloads.prepare(params.id, format, viewerOf(locals), {
				retry: retry === '1'
			});
		} catch (err) {
			if (isServiceError(err)) return fail(err.status, { download: { format, message: err.message } });
			throw err;
		}
		if (status.state === 'ready') redirect(303, `/releases/${params.id}/download/${format}`);
		return { download: { format, status } };
	}
};
