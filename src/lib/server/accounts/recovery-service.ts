import {
	changeEmailSchema,
	requestResetSchema,
	resetPasswordSchema,
	type ChangeEmailInput
} from '../../shared/schemas/account';
import { hashPassword, passwordProblem } from '../auth/passwords';
import type { SessionService } from '../auth/session-service';
import { toSessionUser } from '../auth/session-service';
import type { Clock } from '../clock';
import type { AccountTokenPurpose } from '../db/schema';
import { ServiceError } from '../errors';
import { newId } from '../ids';
import type { Mailer } from '../mail/mailer';
import {
	emailChangeConfirmMessage,
	emailChangeNoticeMessage,
	emailTakenMessage,
	passwordResetMessage
} from '../mail/messages';
import { parseInput } from '../validation';
import type { SignedIn } from './account-service';
import type { MailLimits } from './mail-limits';
import { generateOneTimeToken, hashOneTimeToken } from './one-time-token';
import type { RecoveryRepository } from './recovery-repository';
import type { UserRepository } from './user-repository';

export const RESET_LINK_TTL_MS = 30 * 60_000;
export const EMAIL_CHANGE_LINK_TTL_MS = 60 * 60_000;

/** The answer to every reset request, whether or not an account uses the address. */
export const RESET_REQUESTED =
	'If an account uses that address, we have emailed it a link to choose a new password. The link works once, for 30 minutes.';
export const LINK_NOT_VALID = 'This link has expired or was already used.';

export interface RecoveryDeps {
	repo: RecoveryRepository;
	users: UserRepository;
	sessions: SessionService;
	/** The throttled password check of the account service. */
	confirmPassword(userId: string, password: string, ip: string): Promise<void>;
	mailer: Mailer;
	limits: MailLimits;
	clock: Clock;
	/** The public origin, for the links in messages. */
	origin: string;
}

/** Password reset and email change, each by a one-time link that expires. */
export function createRecoveryService(deps: RecoveryDeps) {
	const { repo, users, sessions, mailer, limits, clock, origin } = deps;

	function issue(purpose: AccountTokenPurpose, userId: string | null, email: string, ttlMs: number) {
		const now = clock.now();
		const { token, hash } = generateOneTimeToken();
		repo.insertToken({
			id: newId(),
			purpose,
			tokenHash: hash,
			userId,
			email,
			payload: null,
			createdAt: now,
			expiresAt: now + ttlMs,
			usedAt: null
		});
		return token;
	}

	function hashOrRefuse(token: string): Buffer {
		const hash = hashOneTimeToken(token);
		if (!hash) throw new ServiceError('invalid', LINK_NOT_VALID);
		return hash;
	}

	return {
		/** Mails a reset link when an account uses the address; says the same either way. */
		requestPasswordReset(raw: unknown, ip: string): void {
			const { email } = parseInput(requestResetSchema, raw);
			limits.check('reset', email, ip);
			const user = users.findByEmail(email);
			if (!user) return;
			repo.retireForUser(user.id, 'password_reset', clock.now());
			const token = issue('password_reset', user.id, user.email, RESET_LINK_TTL_MS);
			mailer.dispatch(passwordResetMessage(user.email, `${origin}/reset/${token}`, RESET_LINK_TTL_MS));
		},

		/** Whether a link still works (the page shows the form or says it expired). Uses nothing. */
		isLinkValid(purpose: 'password_reset' | 'email_change', token: string): boolean {
			const hash = hashOneTimeToken(token);
			return hash !== null && repo.findActive(hash, purpose, clock.now()) !== undefined;
		},

		/** Sets the new password, ends every session of the account and opens one here. */
		async resetPassword(token: string, raw: unknown): Promise<SignedIn> {
			const hash = hashOrRefuse(token);
			const input = parseInput(resetPasswordSchema, raw);
			const pending = repo.findActive(hash, 'password_reset', clock.now());
			const user = pending?.userId ? users.findById(pending.userId) : undefined;
			if (!user) throw new ServiceError('invalid', LINK_NOT_VALID);
			// A weak password does not use up the link: they fix it and submit again.
			const problem = passwordProblem(input.newPassword, { email: user.email });
			if (problem)
				throw new ServiceError('invalid', 'Please choose a stronger password.', { newPassword: problem });
			const passwordHash = await hashPassword(input.newPassword);
			const now = clock.now();
			const used = repo.consume(hash, 'password_reset', now, (row) => {
				users.setPassword(user.id, passwordHash, now);
				repo.retireForUser(user.id, 'password_reset', now);
				return row;
			});
			if (!used) throw new ServiceError('invalid', LINK_NOT_VALID);
			sessions.revokeAllForUser(user.id);
			const session = sessions.create(user.id);
			return { user: toSessionUser(user), ...session };
		},

		/**
		 * After the current password: a confirmation link to the new address and a notice to the old one.
		 * An address that already has an account gets a notice instead of a link, and the answer is the same.
		 */
		async requestEmailChange(
			userId: string,
			raw: Partial<Record<keyof ChangeEmailInput, unknown>>,
			ip: string
		): Promise<{ sentTo: string }> {
			const input = parseInput(changeEmailSchema, raw);
			await deps.confirmPassword(userId, input.currentPassword, ip);
			const user = users.findById(userId);
			if (!user) throw new ServiceError('unauthenticated', 'Please sign in again.');
			if (input.newEmail === user.email) {
				throw new ServiceError('invalid', 'Please correct the highlighted fields.', {
					newEmail: 'This is already your email address.'
				});
			}
			limits.check('email-change', input.newEmail, ip);
			if (users.findByEmail(input.newEmail)) {
				mailer.dispatch(emailTakenMessage(input.newEmail));
			} else {
				repo.retireForUser(user.id, 'email_change', clock.now());
				const token = issue('email_change', user.id, input.newEmail, EMAIL_CHANGE_LINK_TTL_MS);
				mailer.dispatch(
					emailChangeConfirmMessage(
						input.newEmail,
						`${origin}/account/email/${token}`,
						EMAIL_CHANGE_LINK_TTL_MS
					)
				);
			}
			mailer.dispatch(emailChangeNoticeMessage(user.email, input.newEmail, `${origin}/reset`));
			return { sentTo: input.newEmail };
		},

		/** Opening the link applies the change. */
		confirmEmailChange(token: string): { email: string } {
			const hash = hashOrRefuse(token);
			const now = clock.now();
			let used;
			try {
				used = repo.consume(hash, 'email_change', now, (row) => {
					if (!row.userId || !users.findById(row.userId)) throw new ServiceError('invalid', LINK_NOT_VALID);
					repo.setEmail(row.userId, row.email);
					repo.retireForUser(row.userId, 'email_change', now);
				});
			} catch (error) {
				if (String(error).includes('UNIQUE')) {
					throw new ServiceError(
						'conflict',
						'That address now belongs to another account, so your email was not changed.'
					);
				}
				throw error;
			}
			if (!used) throw new ServiceError('invalid', LINK_NOT_VALID);
			return { email: used.row.email };
		}
	};
}

export type RecoveryService = ReturnType<typeof createRecoveryService>;
