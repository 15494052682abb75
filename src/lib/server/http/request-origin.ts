// Loaded by SvelteKit's hook and, outside SvelteKit, by the upload server and the Socket.IO handshake:
// no $app or $env imports.

/** What the origin rule looks at in a request. */
export interface OriginFacts {
	method: string;
	/** The Origin header, or null when absent. */
	origin: string | null;
	/** The Sec-Fetch-Site header, or null when absent. */
	fetchSite: string | null;
	/** Whether the request carries Shoal's session cookie (valid or not). */
	hasSessionCookie: boolean;
}

export type OriginVerdict = 'allowed' | 'foreign_origin' | 'cookie_without_origin';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * The one rule for requests that may change data (every write, uploads, the realtime handshake):
 *
 * - a present Origin must be this site's;
 * - a request the browser marks as coming from another site (Sec-Fetch-Site) is refused;
 * - a request with the session cookie and no Origin is refused — browsers send Origin on every
 *   write, so a cookie without it is not our page. The one exception is a GET/HEAD the browser itself
 *   marks `Sec-Fetch-Site: same-origin` (browsers send no Origin there: the Socket.IO polling handshake,
 *   a tus HEAD when resuming); pages cannot forge that header;
 * - without the session cookie and without Origin (a non-browser client, which cannot ride a visitor's
 *   session) the request goes on to the usual checks.
 */
export function originVerdict(facts: OriginFacts, siteOrigin: string): OriginVerdict {
	if (facts.origin !== null) return facts.origin === siteOrigin ? 'allowed' : 'foreign_origin';
	if (facts.fetchSite === 'cross-site' || facts.fetchSite === 'same-site') return 'foreign_origin';
	if (!facts.hasSessionCookie) return 'allowed';
	if (SAFE_METHODS.has(facts.method.toUpperCase()) && facts.fetchSite === 'same-origin') return 'allowed';
	return 'cookie_without_origin';
}

/** The sentence a refused request gets (the same for each path, in its own format). */
export function originRefusal(verdict: Exclude<OriginVerdict, 'allowed'>): string {
	return verdict === 'foreign_origin'
		? 'Cross-origin requests that change data are not allowed.'
		: 'Requests with a session cookie must come from Shoal’s own pages (no Origin header was sent).';
}

/** A Node request's facts (the upload server and the Socket.IO handshake). */
export function originFactsOf(
	req: { method?: string; headers: Record<string, string | string[] | undefined> },
	hasSessionCookie: boolean
): OriginFacts {
	const header = (name: string) => {
		const value = req.headers[name];
		return (Array.isArray(value) ? value[0] : value) ?? null;
	};
	return {
		method: req.method ?? 'GET',
		origin: header('origin'),
		fetchSite: header('sec-fetch-site'),
		hasSessionCookie
	};
}
