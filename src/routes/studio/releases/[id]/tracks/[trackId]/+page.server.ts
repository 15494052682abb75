import { error, fail } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/context';
import { isServiceError } from '$lib/server/errors';
import { formFields, requireUser } from '$lib/server/http/forms';
import { creditRowsFromForm } from '$lib/studio/credit-rows';
import type { Actions, PageServerLoad } from './$types';

type User = NonNullable<App.Locals['user']>;
const actorOf = (user: User) => ({ userId: user.id, isAdmin: user.isAdmin });
const NOT_FOUND = 'This track does not exist.';

export const load: PageServerLoad = ({ locals, params }) => {
	const user = requireUser(locals, `/studio/releases/${params.id}/tracks/${params.trackId}`);
	let owned;
	try {
		owned = getAppContext().credits.forOwner(actorOf(user), params.trackId);
	} catch (err) {
		if (isServiceError(err)) error(err.status, err.message);
		throw err;
	}
	if (owned.release.id !== params.id) error(404, NOT_FOUND);
	const { track, release, credits, lyrics } = owned;
	return {
		release: { id: release.id, title: release.title },
		track: { id: track.id, title: track.title, position: track.position, status: track.status },
		credits,
		lyrics
	};
};

export const actions: Actions = {
	credits: async ({ request, locals, params }) => {
		const user = requireUser(locals, `/studio/releases/${params.id}/tracks/${params.trackId}`);
		const rows = creditRowsFromForm(await request.formData());
		try {
			getAppContext().credits.saveCredits(actorOf(user), params.trackId, rows);
		} catch (err) {
			if (!isServiceError(err)) throw err;
			return fail(err.status, { scope: 'credits', message: err.message, errors: err.fields ?? {}, rows });
		}
		return { scope: 'credits', success: 'Credits saved.' };
	},

	lyrics: async ({ request, locals, params }) => {
		const user = requireUser(locals, `/studio/releases/${params.id}/tracks/${params.trackId}`);
		const fields = formFields(await request.formData(), ['lyrics']);
		try {
			const saved = getAppContext().credits.saveLyrics(actorOf(user), params.trackId, fields);
			const success = !saved
				? 'Lyrics removed.'
				: saved.synced
					? 'Synced lyrics saved. They follow the music in the player.'
					: 'Lyrics saved.';
			return { scope: 'lyrics', success };
		} catch (err) {
			if (!isServiceError(err)) throw err;
			return fail(err.status, {
				scope: 'lyrics',
				message: err.message,
				errors: err.fields ?? {},
				lyrics: fields.lyrics.slice(0, 40_000)
			});
		}
	}
};
