import { eq } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { ShoalDb } from '../db';
import { authThrottle } from '../db/schema';

/**
 * Sign-in throttling. Failures are counted per key in a 15-minute window; past the limit each
 * further failure doubles the wait (30 s, 1 min, 2 min … capped at 15 min). Keys exist for unknown
 * accounts too, so the answers never reveal whether an account exists.
 */
export const THROTTLE_WINDOW_MS = 15 * 60_000;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 15 * 60_000;

export interface ThrottleLimits {
	account: number;
	ip: number;
}
/** An office or a café shares one address, so the per-address limit is looser than the per-account one. */
export const DEFAULT_LIMITS: ThrottleLimits = { account: 10, ip: 50 };

export function createThrottle(db: ShoalDb, clock: Clock, limits: ThrottleLimits = DEFAULT_LIMITS) {
	function keysFor(email: string, ip: string) {
		return [
			{ key: `account:${email}`, limit: limits.account },
			{ key: `ip:${ip}`, limit: limits.ip }
		];
	}

	return {
		/** Milliseconds to wait before another attempt is allowed; 0 when allowed now. */
		waitMs(email: string, ip: string): number {
			const now = clock.now();
			let wait = 0;
			for (const { key } of keysFor(email, ip)) {
				const row = db.select().from(authThrottle).where(eq(authThrottle.key, key)).get();
				if (row && row.blockedUntil > now) wait = Math.max(wait, row.blockedUntil - now);
			}
			return wait;
		},

		recordFailure(email: string, ip: string): void {
			const now = clock.now();
			db.transaction(
				(tx) => {
					for (const { key, limit } of keysFor(email, ip)) {
						const row = tx.select().from(authThrottle).where(eq(authThrottle.key, key)).get();
						const fresh = !row || now - row.windowStartedAt > THROTTLE_WINDOW_MS;
						const failures = fresh ? 1 : row.failures + 1;
						const windowStartedAt = fresh ? now : row.windowStartedAt;
						const over = failures - limit;
						const blockedUntil =
							over >= 0 ? now + Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** over) : (row?.blockedUntil ?? 0);
						tx.insert(authThrottle)
							.values({ key, failures, windowStartedAt, blockedUntil })
							.onConflictDoUpdate({
								target: authThrottle.key,
								set: { failures, windowStartedAt, blockedUntil }
							})
							.run();
					}
				},
				{ behavior: 'immediate' }
			);
		},

		/** A successful sign-in clears the account's count (not the address's: one good account must not unlock guessing). */
		recordSuccess(email: string): void {
			db.delete(authThrottle)
				.where(eq(authThrottle.key, `account:${email}`))
				.run();
		}
	};
}

export type Throttle = ReturnType<typeof createThrottle>;
