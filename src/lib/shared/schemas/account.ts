import { z } from 'zod';
import { visibleText } from '../visible-text';

/** Form schemas shared by the server (authoritative) and the browser (instant hints). */
export const emailSchema = z
	.string({ error: 'Enter your email address.' })
	.trim()
	.toLowerCase()
	.max(254, { error: 'That email address is too long.' })
	.pipe(z.email({ error: 'Enter a valid email address, like name@example.com.' }));

/** Invisible characters that would let a name disguise itself are removed (visible-text.ts). */
export const displayNameSchema = visibleText({
	required: 'Enter a display name.',
	max: 60,
	tooLong: 'Keep your display name under 60 characters.'
});

/** Length limits here; the common-password check runs on the server. */
export const newPasswordSchema = z
	.string({ error: 'Choose a password.' })
	.min(8, { error: 'Use at least 8 characters.' })
	.max(256, { error: 'Use at most 256 characters.' });

export const SIGN_UP_ROLES = ['listener', 'artist'] as const;

export const signUpSchema = z.object({
	displayName: displayNameSchema,
	email: emailSchema,
	password: newPasswordSchema,
	/** "I'm an artist" lands them in the studio once the account exists. */
	role: z.enum(SIGN_UP_ROLES, { error: 'Choose listener or artist.' }).default('listener')
});

export const signInSchema = z.object({
	email: z.string().trim().toLowerCase().min(1, { error: 'Enter your email address.' }).max(254),
	password: z.string().min(1, { error: 'Enter your password.' }).max(1024)
});

export const changePasswordSchema = z
	.object({
		currentPassword: z.string().min(1, { error: 'Enter your current password.' }).max(1024),
		newPassword: newPasswordSchema,
		confirmPassword: z.string()
	})
	.refine((v) => v.newPassword === v.confirmPassword, {
		path: ['confirmPassword'],
		error: 'The two new passwords do not match.'
	});

export const requestResetSchema = z.object({ email: emailSchema });

export const resetPasswordSchema = z
	.object({ newPassword: newPasswordSchema, confirmPassword: z.string() })
	.refine((v) => v.newPassword === v.confirmPassword, {
		path: ['confirmPassword'],
		error: 'The two new passwords do not match.'
	});

export const changeEmailSchema = z.object({
	newEmail: emailSchema,
	currentPassword: z.string().min(1, { error: 'Enter your current password.' }).max(1024)
});

export const BIO_MAX_LENGTH = 1000;

/** The listener's own profile: the name everyone sees and a short plain-text bio. */
export const listenerProfileSchema = z.object({
	displayName: displayNameSchema,
	bio: z
		.string()
		.trim()
		.max(BIO_MAX_LENGTH, { error: `Keep your bio under ${BIO_MAX_LENGTH.toLocaleString('en')} characters.` })
		.default('')
});

export type SignUpInput = z.infer<typeof signUpSchema>;
export type ChangeEmailInput = z.infer<typeof changeEmailSchema>;
export type SignInInput = z.infer<typeof signInSchema>;
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
