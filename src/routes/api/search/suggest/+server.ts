import { json } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/context';
import { suggestQuerySchema } from '$lib/shared/schemas/search';
import type { RequestHandler } from './$types';

/** Suggestions for the header search box: at most 8 public artists, releases, tracks and tags. */
export const GET: RequestHandler = ({ url }) => {
	const parsed = suggestQuerySchema.safeParse({ q: url.searchParams.get('q') ?? undefined });
	if (!parsed.success) {
		return json({ message: parsed.error.issues[0].message }, { status: 400 });
	}
	return json(
		{ suggestions: getAppContext().search.suggest(parsed.data.q) },
		// Public data only, but new releases should show up quickly: a short, browser-only cache.
		{ headers: { 'cache-control': 'private, max-age=30' } }
	);
};
