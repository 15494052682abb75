import { createHmac, randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import type { PlaysRepository } from './plays-repository';

/** Who is listening, as the route knows it. The address and user agent are never stored. */
export interface Listener {
	userId: string | null;
	address: string;
	userAgent: string;
}

/** The UTC calendar day of an instant, e.g. "2026-11-22". */
export function utcDay(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Turns a listener into the key plays are counted under: `u:<userId>` when signed in, otherwise
 * `a:<HMAC-SHA256(today's salt, address + "\n" + user agent)>`. The salt is random, one per UTC day,
 * and the previous days' salts are deleted when a new day's is made: yesterday's keys cannot be
 * recomputed from an address, and the same person gets an unrelated key tomorrow.
 */
export function createListenerKeys(deps: { repo: PlaysRepository; clock: Clock }) {
	const { repo, clock } = deps;
	let cached: { day: string; salt: string } | undefined;

	function saltOfToday(): string {
		const now = clock.now();
		const day = utcDay(now);
		if (cached?.day !== day) {
			const salt = repo.immediate(() => {
				const kept = repo.claimDailySalt(day, randomBytes(32).toString('base64url'), now);
				repo.forgetSaltsExcept(day);
				return kept;
			});
			cached = { day, salt };
		}
		return cached.salt;
	}

	return {
		/** Makes today's salt (forgetting older ones) if this process has not yet today. */
		rotate(): void {
			saltOfToday();
		},
		keyOf(listener: Listener): string {
			if (listener.userId) return `u:${listener.userId}`;
			const hash = createHmac('sha256', saltOfToday())
				.update(`${listener.address}\n${listener.userAgent}`)
				.digest('base64url');
			return `a:${hash}`;
		}
	};
}

export type ListenerKeys = ReturnType<typeof createListenerKeys>;
