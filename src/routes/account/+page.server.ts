import { setSessionCookie } from '$lib/server/auth/cookies';
import { getAppContext } from '$lib/server/context';
import { failWith, formFields, requireUser } from '$lib/server/http/forms';
import { fileBytes } from '$lib/server/http/form-files';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const user = requireUser(locals, '/account');
	const { repositories, artists } = getAppContext();
	const row = repositories.users.findById(user.id);
	const artist = artists.ofUser(user.id);
	return {
		profile: getAppContext().listenerProfile.view(user.id),
		account: {
			displayName: user.displayName,
			email: user.email,
			isAdmin: user.isAdmin,
			memberSince: row?.createdAt ?? null,
			artist: artist ? { handle: artist.handle, name: artist.name } : null
		},
		welcome: url.searchParams.has('welcome'),
		passwordReset: url.searchParams.has('reset'),
		emailChanged: url.searchParams.has('email-changed')
	};
};

export const actions: Actions = {
	changePassword: async ({ request, locals, cookies, getClientAddress }) => {
		const user = requireUser(locals, '/account');
		const fields = formFields(await request.formData(), [
			'currentPassword',
			'newPassword',
			'confirmPassword'
		]);
		const { accounts, config } = getAppContext();
		try {
			const signedIn = await accounts.changePassword(user.id, fields, getClientAddress());
			setSessionCookie(cookies, signedIn.token, signedIn.expiresAt, config.secureCookies);
		} catch (error) {
			return failWith(error);
		}
		return { passwordChanged: true };
	},

	profile: async ({ request, locals }) => {
		const user = requireUser(locals, '/account');
		const fields = formFields(await request.formData(), ['displayName', 'bio']);
		try {
			getAppContext().listenerProfile.update(user.id, fields);
		} catch (error) {
			return failWith(error, { ...fields, scope: 'profile' });
		}
		return { profileSaved: true };
	},

	avatar: async ({ request, locals }) => {
		const user = requireUser(locals, '/account');
		const bytes = await fileBytes(await request.formData(), 'avatar');
		const actor = { userId: user.id, isAdmin: user.isAdmin };
		try {
			await getAppContext().profileImages.upload(
				actor,
				{ owner: 'user', ownerId: user.id, slot: 'avatar' },
				bytes
			);
		} catch (error) {
			return failWith(error, { scope: 'avatar' });
		}
		return { avatarReceived: true };
	},

	retryImage: async ({ locals }) => {
		const user = requireUser(locals, '/account');
		const actor = { userId: user.id, isAdmin: user.isAdmin };
		try {
			getAppContext().profileImages.retry(actor, { owner: 'user', ownerId: user.id, slot: 'avatar' });
		} catch (error) {
			return failWith(error, { scope: 'avatar' });
		}
		return { avatarReceived: true };
	},

	changeEmail: async ({ request, locals, getClientAddress }) => {
		const user = requireUser(locals, '/account');
		const fields = formFields(await request.formData(), ['newEmail', 'password']);
		try {
			const { sentTo } = await getAppContext().recovery.requestEmailChange(
				user.id,
				{ newEmail: fields.newEmail, currentPassword: fields.password },
				getClientAddress()
			);
			return { emailChangeSentTo: sentTo };
		} catch (error) {
			return failWith(error, { newEmail: fields.newEmail, scope: 'email' });
		}
	}
};
