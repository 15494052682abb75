/**
 * Who may read the health details (free disk bytes, heartbeat age, database error): admins, and
 * requests from this machine. "This machine" is decided by the socket's real remote address, never by
 * a header a client can set. A request that carries proxy headers came through a proxy (which, on the
 * same machine, connects from 127.0.0.1 for everyone on the internet), so it is not local: such
 * headers can only take details away, never grant them.
 */
const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'via'];

export function mayReadHealthDetails(request: {
	/** The socket's remote address (undefined when unknown, e.g. in the dev server). */
	remoteAddress: string | undefined;
	hasHeader: (name: string) => boolean;
	isAdmin: boolean;
}): boolean {
	if (request.isAdmin) return true;
	if (!request.remoteAddress || !LOOPBACK.test(request.remoteAddress)) return false;
	return !PROXY_HEADERS.some((name) => request.hasHeader(name));
}
