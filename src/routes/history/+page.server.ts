import { error, redirect } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/context';
import { isServiceError } from '$lib/server/errors';
import { requireUser } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const user = requireUser(locals, '/history');
	const { plays, clock } = getAppContext();
	const before = url.searchParams.get('before') ?? undefined;
	try {
		const page = plays.historyOf(user.id, { before });
		return {
			entries: page.entries,
			older: page.older,
			isFirstPage: before === undefined,
			now: clock.now(),
			confirmClear: url.searchParams.has('clear'),
			cleared: url.searchParams.has('cleared')
		};
	} catch (err) {
		if (isServiceError(err)) error(err.status, err.message);
		throw err;
	}
};

export const actions: Actions = {
	clear: ({ locals }) => {
		const user = requireUser(locals, '/history');
		getAppContext().plays.clearHistory(user.id);
		redirect(303, '/history?cleared');
	}
};
