import { json } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/context';
import { isServiceError } from '$lib/server/errors';
import type { RequestHandler } from './$types';

/** The player reports a play here once enough was heard: `{trackId, heardSeconds}` → `{counted}`. */
export const POST: RequestHandler = async (event) => {
	const { request, locals } = event;
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		return json(
			{ message: 'Send the play as JSON, like {"trackId": "…", "heardSeconds": 42}.' },
			{ status: 400 }
		);
	}
	try {
		const result = getAppContext().plays.recordPlay(body, {
			userId: locals.user?.id ?? null,
			address: event.getClientAddress(),
			userAgent: request.headers.get('user-agent') ?? ''
		});
		return json(result, { headers: { 'cache-control': 'no-store' } });
	} catch (error) {
		if (!isServiceError(error)) throw error;
		const headers: Record<string, string> = {};
		if (error.retryAfterSeconds) headers['retry-after'] = String(error.retryAfterSeconds);
		return json({ message: error.message }, { status: error.status, headers });
	}
};
