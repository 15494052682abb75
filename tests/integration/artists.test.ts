import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../src/lib/server/errors';
import { createTestApp, newPerson, type TestApp } from '../helpers/app-context';

let app: TestApp;
beforeEach(() => {
	app = createTestApp();
});
afterEach(() => app.cleanup());

async function actor() {
	const { user } = await app.context.accounts.signUp(newPerson());
	return { userId: user.id, isAdmin: false };
}

function thrown(fn: () => unknown): ServiceError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(ServiceError);
		return error as ServiceError;
	}
	throw new Error('expected a ServiceError');
}

const profile = {
	handle: 'tidewater',
	name: 'Tidewater',
	bio: 'Ambient from the coast.',
	links: ['https://tidewater.example']
};

describe('artist profiles', () => {
	it('lets a listener become an artist with a public page by handle', async () => {
		const me = await actor();
		const created = app.context.artists.createProfile(me, { ...profile, handle: '@TideWater' });
		expect(created.handle).toBe('tidewater');
		expect(app.context.artists.byHandle('TIDEWATER')?.name).toBe('Tidewater');
		expect(app.context.artists.ofUser(me.userId)?.id).toBe(created.id);
		expect(created.links).toEqual([{ label: '', url: 'https://tidewater.example' }]);
	});

	it('refuses a taken handle to someone else, whatever its case', async () => {
		app.context.artists.createProfile(await actor(), profile);
		const other = await actor();
		const error = thrown(() => app.context.artists.createProfile(other, { ...profile, handle: 'TIDEWATER' }));
		expect(error.kind).toBe('conflict');
		expect(error.fields.handle).toMatch(/taken/);
		expect(app.context.artists.ofUser(other.userId)).toBeNull();
	});

	it('gives each person one artist profile', async () => {
		const me = await actor();
		app.context.artists.createProfile(me, profile);
		expect(thrown(() => app.context.artists.createProfile(me, { ...profile, handle: 'second' })).kind).toBe(
			'conflict'
		);
	});

	it('lets the owner edit, including the handle', async () => {
		const me = await actor();
		const created = app.context.artists.createProfile(me, profile);
		const updated = app.context.artists.updateProfile(me, created.id, {
			...profile,
			handle: 'tide-water',
			bio: 'New bio'
		});
		expect(updated.handle).toBe('tide-water');
		expect(app.context.artists.byHandle('tidewater')).toBeNull();
		expect(app.context.artists.byHandle('tide-water')?.bio).toBe('New bio');
	});

	it('refuses someone else editing the profile and changes nothing', async () => {
		const owner = await actor();
		const created = app.context.artists.createProfile(owner, profile);
		const intruder = await actor();
		const error = thrown(() =>
			app.context.artists.updateProfile(intruder, created.id, { ...profile, name: 'Hijacked' })
		);
		expect(error.kind).toBe('forbidden');
		expect(error.status).toBe(403);
		expect(app.context.artists.byHandle('tidewater')?.name).toBe('Tidewater');
	});

	it('lets an admin edit any profile', async () => {
		const created = app.context.artists.createProfile(await actor(), profile);
		const admin = { ...(await actor()), isAdmin: true };
		expect(app.context.artists.updateProfile(admin, created.id, { ...profile, name: 'Fixed' }).name).toBe(
			'Fixed'
		);
	});

	it('refuses invalid input with per-field messages', async () => {
		const error = thrown(() =>
			app.context.artists.createProfile(
				{ userId: 'x', isAdmin: false },
				{
					handle: 'a',
					name: '',
					bio: '',
					links: ['javascript:alert(1)']
				}
			)
		);
		expect(error.kind).toBe('invalid');
		expect(Object.keys(error.fields).sort()).toEqual(['handle', 'links', 'name']);
	});
});
