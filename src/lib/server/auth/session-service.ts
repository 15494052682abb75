import type { Clock } from '../clock';
import type { SessionRepository, UserRow } from './session-repository';
import { generateSessionToken, hashSecret, parseSessionToken, secretMatches } from './session-tokens';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A session ends after this long without use… */
export const SESSION_INACTIVITY_TIMEOUT_MS = 14 * DAY;
/** …and in any case this long after sign-in. */
export const SESSION_ABSOLUTE_LIFETIME_MS = 60 * DAY;
/** How often use is written back (and the cookie renewed), to spare a write per request. */
export const SESSION_ACTIVITY_CHECK_MS = 60 * MINUTE;

export interface SessionUser {
	id: string;
	email: string;
	displayName: string;
	isAdmin: boolean;
}

export interface ValidSession {
	sessionId: string;
	user: SessionUser;
	/** The cookie should be re-sent with a fresh expiry. */
	renewed: boolean;
	expiresAt: number;
}

export function toSessionUser(user: Pick<UserRow, 'id' | 'email' | 'displayName' | 'isAdmin'>): SessionUser {
	return { id: user.id, email: user.email, displayName: user.displayName, isAdmin: user.isAdmin };
}

/** Called when sessions end, so the realtime layer can close their sockets. */
export interface SessionRevocationListener {
	sessionRevoked(sessionId: string): void;
	userSessionsRevoked(userId: string): void;
}

export function createSessionService(deps: {
	repo: SessionRepository;
	clock: Clock;
	revocations: SessionRevocationListener;
}) {
	const { repo, clock, revocations } = deps;

	function expiryOf(createdAt: number, lastVerifiedAt: number): number {
		return Math.min(lastVerifiedAt + SESSION_INACTIVITY_TIMEOUT_MS, createdAt + SESSION_ABSOLUTE_LIFETIME_MS);
	}

	return {
		create(userId: string): { token: string; sessionId: string; expiresAt: number } {
			const now = clock.now();
			const { id, secret, token } = generateSessionToken();
			repo.insert({ id, userId, secretHash: hashSecret(secret), createdAt: now, lastVerifiedAt: now });
			return { token, sessionId: id, expiresAt: expiryOf(now, now) };
		},

		validate(token: string | undefined | null): ValidSession | null {
			if (!token) return null;
			const parsed = parseSessionToken(token);
			if (!parsed) return null;
			const found = repo.findWithUser(parsed.id);
			if (!found || !secretMatches(parsed.secret, found.session.secretHash)) return null;
			const { session, user } = found;
			const now = clock.now();
			if (now >= expiryOf(session.createdAt, session.lastVerifiedAt)) {
				repo.delete(session.id);
				return null;
			}
			let lastVerifiedAt = session.lastVerifiedAt;
			const renewed = now - lastVerifiedAt >= SESSION_ACTIVITY_CHECK_MS;
			if (renewed) {
				repo.touch(session.id, now);
				lastVerifiedAt = now;
			}
			return {
				sessionId: session.id,
				user: toSessionUser(user),
				renewed,
				expiresAt: expiryOf(session.createdAt, lastVerifiedAt)
			};
		},

		revoke(sessionId: string): void {
			repo.delete(sessionId);
			revocations.sessionRevoked(sessionId);
		},

		revokeAllForUser(userId: string): void {
			repo.deleteAllForUser(userId);
			revocations.userSessionsRevoked(userId);
		}
	};
}

export type SessionService = ReturnType<typeof createSessionService>;
