import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { passwordProblem, type PasswordContext } from '../../src/lib/server/auth/passwords';
import { isServiceError } from '../../src/lib/server/errors';
import { createTestApp, type TestApp } from '../helpers/app-context';

const PERSON: PasswordContext = {
	email: 'Mariela.Santos@example.org',
	displayName: 'Tidal Pools',
	handle: 'mari-beats'
};

/** [password, what it must be refused for (a word of the message), or null when it is fine] */
const TABLE: Array<[string, string | null]> = [
	// the email's local part, in any case, with or without its punctuation, anywhere in the password
	['mariela.santos', 'email'],
	['MARIELA.SANTOS!!', 'email'],
	['my name is marielasantos', 'email'],
	['Mariela.Santos@example.org', 'email'],
	// the display name, however it is spaced or cased
	['tidal pools 2026', 'display name'],
	['TidalPools!', 'display name'],
	['i love tidal-pools', 'display name'],
	// the handle
	['mari-beats forever', 'artist handle'],
	['MARIBEATS123', 'artist handle'],
	// fine: other words, or only a piece of a detail
	['sea glass and tide', null],
	['tidal waves at dusk', null],
	['santos is a saint', null],
	['beats by the shore', null]
];

describe('passwordProblem refuses the account’s own details (case- and punctuation-insensitive)', () => {
	it.each(TABLE)('%j → %s', (password, refusedFor) => {
		const problem = passwordProblem(password, PERSON);
		if (refusedFor === null) expect(problem).toBeNull();
		else expect(problem).toContain(refusedFor);
	});

	it.each([
		// short parts (3–4 characters) count only as a word of their own
		['Ann', 'ann is my name', 'display name'],
		['Ann', 'ann1990 by the sea', 'display name'],
		['Ann', 'my banner is blue', null],
		['Bo Li', 'boli at the seaside', 'display name'],
		// parts under 3 characters are ignored
		['Al', 'al the seaside day', null],
		// non-Latin names too
		['美月', '美月 and the sea tides', null],
		['Владимир', 'владимир у моря', 'display name'],
		['דניאל', 'סיסמה דניאל ים', 'display name']
	] as const)('display name %j, password %j → %s', (displayName, password, refusedFor) => {
		const problem = passwordProblem(password, { displayName });
		if (refusedFor === null) expect(problem).toBeNull();
		else expect(problem).toContain(refusedFor);
	});
});

describe('sign-up and change password both apply it', () => {
	let app: TestApp;
	beforeAll(() => {
		app = createTestApp();
	});
	afterAll(() => app.cleanup());

	async function fieldError(work: Promise<unknown>, field: string): Promise<string | undefined> {
		try {
			await work;
		} catch (error) {
			if (isServiceError(error)) return error.fields[field];
			throw error;
		}
		return undefined;
	}

	let stamp = 0;
	afterEach(() => {
		stamp++;
	});

	it('sign-up refuses the email local part and the display name', async () => {
		const email = `harbour.lights${stamp}@example.org`;
		expect(
			await fieldError(
				app.context.accounts.signUp({ displayName: 'Quay', email, password: `Harbour.Lights${stamp} rock` }),
				'password'
			)
		).toMatch(/email/);
		expect(
			await fieldError(
				app.context.accounts.signUp({
					displayName: 'Lantern Keeper',
					email: `x${stamp}@example.org`,
					password: 'the lanternkeeper'
				}),
				'password'
			)
		).toMatch(/display name/);
	});

	it('change password refuses the display name and the artist handle', async () => {
		const person = {
			displayName: 'Wave Runner',
			email: `w${stamp}@example.org`,
			password: 'sea glass and tide'
		};
		const { user } = await app.context.accounts.signUp(person);
		app.context.artists.createProfile(
			{ userId: user.id, isAdmin: false },
			{ handle: 'kelp-forest', name: 'Kelp' }
		);
		const change = (newPassword: string) =>
			app.context.accounts.changePassword(
				user.id,
				{ currentPassword: person.password, newPassword, confirmPassword: newPassword },
				'203.0.113.7'
			);
		expect(await fieldError(change('wave runner at night'), 'newPassword')).toMatch(/display name/);
		expect(await fieldError(change('kelp forest deep down'), 'newPassword')).toMatch(/artist handle/);
		expect(await fieldError(change(`w${stamp} at the sea`), 'newPassword')).toBeUndefined();
	});
});
