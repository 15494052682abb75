import type { Clock } from '../clock';
import { ServiceError } from '../errors';
import type { RecoveryRepository } from './recovery-repository';

/**
 * How often Shoal mails a link, so nobody can use it to flood an inbox or probe many addresses.
 * Counted per address (whether or not it has an account, so the limit itself reveals nothing) and
 * per IP, in a fixed one-hour window, in the sign-in throttle's table (survives restarts).
 */
export const MAIL_LIMIT_WINDOW_MS = 60 * 60_000;
export const MAIL_LIMITS = { perAddress: 3, perIp: 20 };

export type MailKind = 'reset' | 'email-change' | 'sign-up';

export function createMailLimits(repo: RecoveryRepository, clock: Clock, limits = MAIL_LIMITS) {
	return {
		/** Counts this request; throws rate_limited when either count is over its limit. */
		check(kind: MailKind, email: string, ip: string): void {
			const now = clock.now();
			const byAddress = repo.countRequest(`mail:${kind}:address:${email}`, MAIL_LIMIT_WINDOW_MS, now);
			const byIp = repo.countRequest(`mail:${kind}:ip:${ip}`, MAIL_LIMIT_WINDOW_MS, now);
			if (byAddress > limits.perAddress || byIp > limits.perIp) {
				throw new ServiceError(
					'rate_limited',
					'Too many requests for this address. Please wait an hour and try again.',
					{},
					Math.ceil(MAIL_LIMIT_WINDOW_MS / 1000)
				);
			}
		}
	};
}

export type MailLimits = ReturnType<typeof createMailLimits>;
