import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE } from '../../shared/realtime-events';

/** HttpOnly, SameSite=Lax, Path=/, Secure except on a localhost origin. */
export function setSessionCookie(cookies: Cookies, token: string, expiresAt: number, secure: boolean): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		expires: new Date(expiresAt)
	});
}

export function clearSessionCookie(cookies: Cookies, secure: boolean): void {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

export function readSessionCookie(cookies: Cookies): string | undefined {
	return cookies.get(SESSION_COOKIE);
}
