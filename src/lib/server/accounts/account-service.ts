import {
	changePasswordSchema,
	signInSchema,
	signUpSchema,
	type ChangePasswordInput,
	type SignInInput,
	type SignUpInput
} from '../../shared/schemas/account';
import { fieldErrors } from '../../shared/validation';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from '../auth/passwords';
import type { SessionService, SessionUser } from '../auth/session-service';
import { toSessionUser } from '../auth/session-service';
import type { Throttle } from '../auth/throttle';
import type { Clock } from '../clock';
import { ServiceError } from '../errors';
import { parseInput } from '../validation';
import { newId } from '../ids';
import type { UserRepository } from './user-repository';

/** The same words whether the account is unknown or the password is wrong: no account enumeration. */
export const SIGN_IN_FAILED = 'That email and password do not match an account.';

export interface SignedIn {
	user: SessionUser;
	token: string;
	sessionId: string;
	expiresAt: number;
}

function tooManyAttempts(waitMs: number): ServiceError {
	const seconds = Math.ceil(waitMs / 1000);
	const when = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
	return new ServiceError('rate_limited', `Too many sign-in attempts. Try again in ${when}.`, {}, seconds);
}

export function createAccountService(deps: {
	users: UserRepository;
	sessions: SessionService;
	throttle: Throttle;
	clock: Clock;
}) {
	const { users, sessions, throttle, clock } = deps;

	return {
		async signUp(raw: Partial<Record<keyof SignUpInput, unknown>>): Promise<SignedIn> {
			// Every problem at once, the common-password check included, so one round trip fixes all.
			const result = signUpSchema.safeParse(raw);
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
			if (users.findByEmail(input.email)) {
				throw new ServiceError('conflict', 'An account with this email already exists. Sign in instead?', {
					email: 'An account with this email already exists.'
				});
			}
			const passwordHash = await hashPassword(input.password);
			const now = clock.now();
			const user = {
				id: newId(),
				email: input.email,
				displayName: input.displayName,
				passwordHash,
				isAdmin: false,
				createdAt: now,
				passwordChangedAt: now
			};
			try {
				users.insert(user);
			} catch (error) {
				// Two sign-ups for one email raced past the check above; the unique index decides.
				if (String(error).includes('UNIQUE')) {
					throw new ServiceError('conflict', 'An account with this email already exists. Sign in instead?', {
						email: 'An account with this email already exists.'
					});
				}
				throw error;
			}
			const session = sessions.create(user.id);
			return { user: toSessionUser(user), ...session };
		},

		async signIn(raw: Partial<Record<keyof SignInInput, unknown>>, ip: string): Promise<SignedIn> {
			const input = parseInput(signInSchema, raw);
			const wait = throttle.waitMs(input.email, ip);
			if (wait > 0) throw tooManyAttempts(wait);
			const user = users.findByEmail(input.email);
			// Unknown accounts still pay for a hash check so timing does not tell them apart.
			const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
			if (!user || !valid) {
				throttle.recordFailure(input.email, ip);
				const waitAfter = throttle.waitMs(input.email, ip);
				if (waitAfter > 0) throw tooManyAttempts(waitAfter);
				throw new ServiceError('unauthenticated', SIGN_IN_FAILED);
			}
			throttle.recordSuccess(input.email);
			const session = sessions.create(user.id);
			return { user: toSessionUser(user), ...session };
		},

		signOut(sessionId: string): void {
			sessions.revoke(sessionId);
		},

		/** Changes the password, ends every session of the user (closing their sockets) and opens a new one here. */
		async changePassword(
			userId: string,
			raw: Partial<Record<keyof ChangePasswordInput, unknown>>
		): Promise<SignedIn> {
			const input = parseInput(changePasswordSchema, raw);
			const user = users.findById(userId);
			if (!user) throw new ServiceError('unauthenticated', 'Please sign in again.');
			if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
				throw new ServiceError('invalid', 'Your current password is not right.', {
					currentPassword: 'This is not your current password.'
				});
			}
			const problem = passwordProblem(input.newPassword, { email: user.email });
			if (problem)
				throw new ServiceError('invalid', 'Please choose a stronger password.', { newPassword: problem });
			users.setPassword(user.id, await hashPassword(input.newPassword), clock.now());
			sessions.revokeAllForUser(user.id);
			const session = sessions.create(user.id);
			return { user: toSessionUser(user), ...session };
		},

		/** Checks the signed-in person's password before a sensitive change (email change). */
		async confirmPassword(userId: string, password: string, ip: string): Promise<void> {
			void ip; // the security work throttles this per account and address
			const user = users.findById(userId);
			if (!user) throw new ServiceError('unauthenticated', 'Please sign in again.');
			if (!(await verifyPassword(user.passwordHash, password))) {
				throw new ServiceError('invalid', 'Your current password is not right.', {
					currentPassword: 'This is not your current password.'
				});
			}
		}
	};
}

export type AccountService = ReturnType<typeof createAccountService>;
