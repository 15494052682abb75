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

function tooManyAttempts(waitMs: number, what = 'sign-in attempts'): ServiceError {
	const seconds = Math.ceil(waitMs / 1000);
	const when = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
	return new ServiceError('rate_limited', `Too many ${what}. Try again in ${when}.`, {}, seconds);
}

const WRONG_PASSWORDS = 'wrong passwords';

export function createAccountService(deps: {
	users: UserRepository;
	sessions: SessionService;
	throttle: Throttle;
	clock: Clock;
	/** The user's artist handle, if they have one (a password must not contain it). */
	handleOf?: (userId: string) => string | null;
}) {
	const { users, sessions, throttle, clock, handleOf } = deps;

	/**
	 * Every check of a signed-in person's password (change password, and the email change, account
	 * deletion … screens) goes through here: the same throttle as sign-in, keyed by the same account key,
	 * so guesses on any screen share one budget. Throws 'rate_limited' or 'invalid' (field currentPassword).
	 */
	async function confirmPassword(userId: string, password: string, ip: string): Promise<void> {
		const user = users.findById(userId);
		if (!user) throw new ServiceError('unauthenticated', 'Please sign in again.');
		const wait = throttle.waitMs(user.email, ip);
		if (wait > 0) throw tooManyAttempts(wait, WRONG_PASSWORDS);
		if (!(await verifyPassword(user.passwordHash, password))) {
			throttle.recordFailure(user.email, ip);
			const waitAfter = throttle.waitMs(user.email, ip);
			if (waitAfter > 0) throw tooManyAttempts(waitAfter, WRONG_PASSWORDS);
			throw new ServiceError('invalid', 'Your current password is not right.', {
				currentPassword: 'This is not your current password.'
			});
		}
		throttle.recordSuccess(user.email);
	}

	return {
		confirmPassword,

		async signUp(raw: Partial<Record<keyof SignUpInput, unknown>>): Promise<SignedIn> {
			// Every problem at once, the common-password check included, so one round trip fixes all.
			const result = signUpSchema.safeParse(raw);
			const errors = result.success ? {} : fieldErrors(result.error);
			const passwordIssue =
				typeof raw.password === 'string' && !errors.password
					? passwordProblem(raw.password, {
							email: result.success ? result.data.email : undefined,
							displayName: result.success ? result.data.displayName : undefined
						})
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
			raw: Partial<Record<keyof ChangePasswordInput, unknown>>,
			ip: string
		): Promise<SignedIn> {
			const input = parseInput(changePasswordSchema, raw);
			await confirmPassword(userId, input.currentPassword, ip);
			const user = users.findById(userId);
			if (!user) throw new ServiceError('unauthenticated', 'Please sign in again.');
			const problem = passwordProblem(input.newPassword, {
				email: user.email,
				displayName: user.displayName,
				handle: handleOf?.(user.id) ?? null
			});
			if (problem)
				throw new ServiceError('invalid', 'Please choose a stronger password.', { newPassword: problem });
			users.setPassword(user.id, await hashPassword(input.newPassword), clock.now());
			sessions.revokeAllForUser(user.id);
			const session = sessions.create(user.id);
			return { user: toSessionUser(user), ...session };
		}
	};
}

export type AccountService = ReturnType<typeof createAccountService>;
