import { json } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/context';
import type { RequestHandler } from './$types';

/** Liveness for operators and load balancers: database, worker heartbeat age, free disk. */
export const GET: RequestHandler = () => {
	const report = getAppContext().health.check();
	return json(report, {
		status: report.status === 'ok' ? 200 : 503,
		headers: { 'cache-control': 'no-store' }
	});
};
