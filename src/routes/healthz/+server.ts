import { json } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/context';
import { mayReadHealthDetails } from '$lib/server/system/health-access';
import type { RequestHandler } from './$types';

/**
 * Liveness for load balancers (anyone: `{ status }` with 200 or 503) and the full report (database,
 * worker heartbeat age, free disk) for admins and for requests from this machine.
 */
export const GET: RequestHandler = ({ locals, platform, request }) => {
	const report = getAppContext().health.check();
	const details = mayReadHealthDetails({
		remoteAddress: platform?.req?.socket.remoteAddress,
		hasHeader: (name) => request.headers.has(name),
		isAdmin: locals.user?.isAdmin === true
	});
	return json(details ? report : { status: report.status }, {
		status: report.status === 'ok' ? 200 : 503,
		headers: { 'cache-control': 'no-store' }
	});
};
