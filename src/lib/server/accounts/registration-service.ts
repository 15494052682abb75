import { z } from 'zod';
import { SIGN_UP_ROLES, signUpSchema, type SignUpInput } from '../../shared/schemas/account';
import { fieldErrors } from '../../shared/validation';
import { hashPassword, passwordProblem } from '../auth/passwords';
import type { SessionService } from '../auth/session-service';
import type { Clock } from '../clock';
import { ServiceError } from '../errors';
import { newId } from '../ids';
import type { Mailer } from '../mail/mailer';
import { signUpConfirmMessage, signUpExistingMessage } from '../mail/messages';
import type { SignedIn } from './account-service';
import type { MailLimits } from './mail-limits';
import { generateOneTimeToken, hashOneTimeToken } from './one-time-token';
import type { RecoveryRepository } from './recovery-repository';
import { LINK_NOT_VALID } from './recovery-service';
import type { UserRepository } from './user-repository';

export const SIGN_UP_LINK_TTL_MS = 24 * 60 * 60_000;

/** What a sign-up waits with until its link is opened; validated again when read back. */
const pendingSchema = z.object({
	displayName: z.string().min(1),
	passwordHash: z.string().startsWith('$argon2'),
	role: z.enum(SIGN_UP_ROLES)
});

/**
 * Sign-up that never tells whether an address has an account. Every sign-up is answered "check your
 * email"; the account is created when the mailed link is opened. The owner of an address that already
 * has an account gets a message saying so (sign in or reset) instead of a link. Both paths hash the
 * password, so they also take the same time.
 */
export function createRegistrationService(deps: {
	repo: RecoveryRepository;
	users: UserRepository;
	sessions: SessionService;
	mailer: Mailer;
	limits: MailLimits;
	clock: Clock;
	origin: string;
}) {
	const { repo, users, sessions, mailer, limits, clock, origin } = deps;

	return {
		async requestSignUp(
			raw: Partial<Record<keyof SignUpInput, unknown>>,
			ip: string
		): Promise<{ sentTo: string }> {
			// Every problem at once, the common-password check included, so one round trip fixes all.
			// A form without the role choice (an older page, a script) means a listener.
			const result = signUpSchema.safeParse({ ...raw, role: raw.role === '' ? undefined : raw.role });
			const errors = result.success ? {} : fieldErrors(result.error);
			const passwordIssue =
				typeof raw.password === 'string' && !errors.password
					? passwordProblem(raw.password, { email: result.success ? result.data.email : undefined })
					: null;
			if (passwordIssue) errors.password = passwordIssue;
			if (!result.success || passwordIssue) {
				throw new ServiceError('invalid', 'Please correct the highlighted fields.', errors);
			}
			const input = result.data;
			limits.check('sign-up', input.email, ip);
			const passwordHash = await hashPassword(input.password);
			if (users.findByEmail(input.email)) {
				mailer.dispatch(signUpExistingMessage(input.email, `${origin}/signin`, `${origin}/reset`));
				return { sentTo: input.email };
			}
			const now = clock.now();
			const { token, hash } = generateOneTimeToken();
			repo.insertToken({
				id: newId(),
				purpose: 'sign_up',
				tokenHash: hash,
				userId: null,
				email: input.email,
				payload: { displayName: input.displayName, passwordHash, role: input.role },
				createdAt: now,
				expiresAt: now + SIGN_UP_LINK_TTL_MS,
				usedAt: null
			});
			mailer.dispatch(signUpConfirmMessage(input.email, `${origin}/signup/${token}`, SIGN_UP_LINK_TTL_MS));
			return { sentTo: input.email };
		},

		isLinkValid(token: string): boolean {
			const hash = hashOneTimeToken(token);
			return hash !== null && repo.findActive(hash, 'sign_up', clock.now()) !== undefined;
		},

		/** Creates the account from the link and signs it in; `role` says where they land. */
		confirmSignUp(token: string): SignedIn & { role: (typeof SIGN_UP_ROLES)[number] } {
			const hash = hashOneTimeToken(token);
			if (!hash) throw new ServiceError('invalid', LINK_NOT_VALID);
			const now = clock.now();
			const taken = new ServiceError(
				'conflict',
				'This address already has an account. Sign in, or reset your password if you forgot it.'
			);
			let used;
			try {
				used = repo.consume(hash, 'sign_up', now, (row) => {
					const pending = pendingSchema.parse(row.payload);
					if (users.findByEmail(row.email)) throw taken;
					const user = {
						id: newId(),
						email: row.email,
						displayName: pending.displayName,
						passwordHash: pending.passwordHash,
						isAdmin: false,
						createdAt: now,
						passwordChangedAt: now
					};
					users.insert(user);
					return { user, role: pending.role };
				});
			} catch (error) {
				// Two links for one address raced; the unique index decided.
				if (String(error).includes('UNIQUE')) throw taken;
				throw error;
			}
			if (!used) throw new ServiceError('invalid', LINK_NOT_VALID);
			const { user, role } = used.result;
			const session = sessions.create(user.id);
			const { id, email, displayName, isAdmin } = user;
			return { user: { id, email, displayName, isAdmin }, ...session, role };
		}
	};
}

export type RegistrationService = ReturnType<typeof createRegistrationService>;
