import { and, eq, gt, isNull } from 'drizzle-orm';
import type { ShoalDb } from '../db';
import { accountTokens, authThrottle, users, type AccountTokenPurpose } from '../db/schema';

export type AccountTokenRow = typeof accountTokens.$inferSelect;

/** One-time links, the counters that limit how often they are mailed, and the email column. */
export function createRecoveryRepository(db: ShoalDb) {
	function active(tokenHash: Buffer, purpose: AccountTokenPurpose, now: number) {
		return db
			.select()
			.from(accountTokens)
			.where(
				and(
					eq(accountTokens.tokenHash, tokenHash),
					eq(accountTokens.purpose, purpose),
					isNull(accountTokens.usedAt),
					gt(accountTokens.expiresAt, now)
				)
			)
			.get();
	}

	return {
		insertToken(row: AccountTokenRow): void {
			db.insert(accountTokens).values(row).run();
		},

		/** The unused, unexpired link with this hash, without using it. */
		findActive: active,

		/**
		 * Uses the link: at most one caller ever gets the row back, however many race. `apply` runs in the
		 * same transaction, so "link used" and what it does commit together or not at all.
		 */
		consume<T>(
			tokenHash: Buffer,
			purpose: AccountTokenPurpose,
			now: number,
			apply: (row: AccountTokenRow) => T
		): { row: AccountTokenRow; result: T } | null {
			return db.transaction(
				(tx) => {
					const row = active(tokenHash, purpose, now);
					if (!row) return null;
					const used = tx
						.update(accountTokens)
						.set({ usedAt: now })
						.where(and(eq(accountTokens.id, row.id), isNull(accountTokens.usedAt)))
						.run();
					if (used.changes !== 1) return null;
					return { row, result: apply(row) };
				},
				{ behavior: 'immediate' }
			);
		},

		/** Every still-open link of this kind for the user stops working (a newer one, or the change is done). */
		retireForUser(userId: string, purpose: AccountTokenPurpose, now: number): void {
			db.update(accountTokens)
				.set({ usedAt: now })
				.where(
					and(
						eq(accountTokens.userId, userId),
						eq(accountTokens.purpose, purpose),
						isNull(accountTokens.usedAt)
					)
				)
				.run();
		},

		setEmail(userId: string, email: string): void {
			db.update(users).set({ email }).where(eq(users.id, userId)).run();
		},

		/**
		 * Counts one request under `key` in a fixed window and returns the count so far (this one
		 * included). Shares the sign-in throttle's table; its keys carry their own prefixes.
		 */
		countRequest(key: string, windowMs: number, now: number): number {
			return db.transaction(
				(tx) => {
					const row = tx.select().from(authThrottle).where(eq(authThrottle.key, key)).get();
					const fresh = !row || now - row.windowStartedAt > windowMs;
					const failures = fresh ? 1 : row.failures + 1;
					const windowStartedAt = fresh ? now : row.windowStartedAt;
					tx.insert(authThrottle)
						.values({ key, failures, windowStartedAt, blockedUntil: 0 })
						.onConflictDoUpdate({ target: authThrottle.key, set: { failures, windowStartedAt } })
						.run();
					return failures;
				},
				{ behavior: 'immediate' }
			);
		}
	};
}

export type RecoveryRepository = ReturnType<typeof createRecoveryRepository>;
