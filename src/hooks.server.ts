import type { Handle, HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { building } from '$app/environment';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from '$lib/server/auth/cookies';
import { getAppContext } from '$lib/server/context';
import { hstsHeader } from '$lib/server/http/hsts';
import { logRequestFailure } from '$lib/server/http/log-failure';
import { originRefusal, originVerdict } from '$lib/server/http/request-origin';

// Open the database (and apply migrations) once at start, never during `vite build`.
if (!building) getAppContext();

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * SvelteKit refuses cross-site *form* posts; this applies Shoal's one origin rule (request-origin.ts)
 * to every state-changing request: JSON and other content types too, and a session cookie without
 * Origin. Requests with neither Origin nor the cookie come from non-browser clients.
 */
const refuseCrossOriginWrites: Handle = async ({ event, resolve }) => {
	if (!SAFE_METHODS.has(event.request.method)) {
		const verdict = originVerdict(
			{
				method: event.request.method,
				origin: event.request.headers.get('origin'),
				fetchSite: event.request.headers.get('sec-fetch-site'),
				hasSessionCookie: readSessionCookie(event.cookies) !== undefined
			},
			getAppContext().config.origin
		);
		if (verdict !== 'allowed') {
			return new Response(JSON.stringify({ message: originRefusal(verdict) }), {
				status: 403,
				headers: { 'content-type': 'application/json' }
			});
		}
	}
	return resolve(event);
};

const loadSession: Handle = async ({ event, resolve }) => {
	const { sessions, config } = getAppContext();
	const token = readSessionCookie(event.cookies);
	const session = sessions.validate(token);
	if (token && !session) clearSessionCookie(event.cookies, config.secureCookies);
	if (token && session?.renewed)
		setSessionCookie(event.cookies, token, session.expiresAt, config.secureCookies);
	event.locals.user = session?.user ?? null;
	event.locals.sessionId = session?.sessionId ?? null;
	return resolve(event);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers: Record<string, string> = {
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'strict-origin-when-cross-origin',
		'x-frame-options': 'DENY',
		'cross-origin-opener-policy': 'same-origin',
		'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()'
	};
	const hsts = hstsHeader(getAppContext().config.origin);
	if (hsts) headers['strict-transport-security'] = hsts;
	for (const [name, value] of Object.entries(headers)) {
		if (!response.headers.has(name)) response.headers.set(name, value);
	}
	// Pages that know who you are must not be stored by shared caches.
	if (event.locals.user && !response.headers.has('cache-control')) {
		response.headers.set('cache-control', 'private, no-store');
	}
	return response;
};

export const handle = sequence(refuseCrossOriginWrites, loadSession, securityHeaders);

export const handleError: HandleServerError = ({ error, event, status }) => {
	logRequestFailure(getAppContext().logger, status, error, {
		method: event.request.method,
		path: event.url.pathname
	});
	if (status === 404) return { message: 'This page does not exist.' };
	if (status === 413) return { message: 'What you sent is too large.' };
	if (status < 500) return { message: 'This request could not be handled. Please check it and try again.' };
	return { message: 'Something went wrong on our side. Please try again.' };
};
