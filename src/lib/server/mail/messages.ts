import type { MailMessage } from './mailer';

/** The words of every message Shoal mails. Plain text: nothing to escape, nothing to render wrongly. */

function minutes(ms: number): string {
	const m = Math.round(ms / 60_000);
	return m >= 120 ? `${Math.round(m / 60)} hours` : `${m} minutes`;
}

export function passwordResetMessage(to: string, link: string, validForMs: number): MailMessage {
	return {
		to,
		link,
		subject: 'Reset your Shoal password',
		text: [
			'Someone (hopefully you) asked to reset the password of your Shoal account.',
			'',
			`Choose a new password here (the link works once, for ${minutes(validForMs)}):`,
			link,
			'',
			'If you did not ask for this, ignore this message: your password stays as it is.'
		].join('\n')
	};
}

export function emailChangeConfirmMessage(to: string, link: string, validForMs: number): MailMessage {
	return {
		to,
		link,
		subject: 'Confirm your new email address for Shoal',
		text: [
			'Someone (hopefully you) asked to use this address for their Shoal account.',
			'',
			`Confirm it here (the link works once, for ${minutes(validForMs)}):`,
			link,
			'',
			'If you did not ask for this, ignore this message and nothing changes.'
		].join('\n')
	};
}

export function emailChangeNoticeMessage(to: string, newEmail: string, resetLink: string): MailMessage {
	return {
		to,
		subject: 'Your Shoal email address is being changed',
		text: [
			`Someone signed in to your Shoal account asked to change its email address to ${newEmail}.`,
			'The change happens only when the link sent to the new address is opened.',
			'',
			'If this was not you, change your password now; you can reset it here:',
			resetLink
		].join('\n')
	};
}

export function emailTakenMessage(to: string): MailMessage {
	return {
		to,
		subject: 'Your address was offered for another Shoal account',
		text: [
			'Someone asked to move a Shoal account to this address, but this address already has an account,',
			'so nothing was changed. If it was you, sign in with this address instead.'
		].join('\n')
	};
}

export function signUpConfirmMessage(to: string, link: string, validForMs: number): MailMessage {
	return {
		to,
		link,
		subject: 'Finish creating your Shoal account',
		text: [
			'Welcome to Shoal! Open this link to finish creating your account',
			`(it works once, for ${minutes(validForMs)}):`,
			link,
			'',
			'If you did not sign up, ignore this message and no account is created.'
		].join('\n')
	};
}

export function signUpExistingMessage(to: string, signInLink: string, resetLink: string): MailMessage {
	return {
		to,
		link: signInLink,
		subject: 'Someone tried to sign up to Shoal with your address',
		text: [
			'Someone tried to create a Shoal account with this email address, which already has one.',
			'',
			'If it was you, sign in instead:',
			signInLink,
			'',
			'Forgot your password? Reset it here:',
			resetLink,
			'',
			'If it was not you, you can ignore this message: your account is unchanged.'
		].join('\n')
	};
}
