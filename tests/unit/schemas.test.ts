import { describe, expect, it } from 'vitest';
import { signUpSchema } from '../../src/lib/shared/schemas/account';
import { artistProfileSchema, handleSchema, linkLabel } from '../../src/lib/shared/schemas/artist';
import { fieldErrors } from '../../src/lib/shared/validation';

describe('sign-up schema', () => {
	it('normalises email and trims the name', () => {
		const parsed = signUpSchema.parse({
			displayName: '  Mei  ',
			email: ' Mei@Example.ORG ',
			password: 'x'.repeat(8)
		});
		expect(parsed).toMatchObject({ displayName: 'Mei', email: 'mei@example.org' });
	});

	it('explains each wrong field', () => {
		const result = signUpSchema.safeParse({ displayName: '', email: 'not-an-email', password: 'short' });
		expect(result.success).toBe(false);
		if (!result.success) {
			expect(fieldErrors(result.error)).toEqual({
				displayName: 'Enter a display name.',
				email: 'Enter a valid email address, like name@example.com.',
				password: 'Use at least 8 characters.'
			});
		}
	});

	it('removes bidirectional overrides from display names (tests/security/invisible-text.test.ts has the table)', () => {
		expect(
			signUpSchema.parse({ displayName: 'evil\u202Egnp.exe', email: 'a@b.co', password: 'x'.repeat(8) })
				.displayName
		).toBe('evilgnp.exe');
	});
});

describe('artist handles', () => {
	it.each(['maria', 'dj-shadow', 'the_xx', '123', '@Maria'])('accepts %j', (handle) => {
		expect(handleSchema.safeParse(handle).success).toBe(true);
	});

	it('lowercases and drops a leading @', () => {
		expect(handleSchema.parse('@Maria')).toBe('maria');
	});

	it.each(['ab', 'x'.repeat(31), '-maria', 'maria-', 'ma ria', 'maría', '../etc', 'admin', 'studio'])(
		'refuses %j',
		(handle) => expect(handleSchema.safeParse(handle).success).toBe(false)
	);
});

describe('artist links', () => {
	const base = { handle: 'maria', name: 'Maria' };

	it('accepts up to five web links', () => {
		const links = Array.from({ length: 5 }, (_, i) => `https://example.org/${i}`);
		expect(artistProfileSchema.parse({ ...base, links }).links).toHaveLength(5);
		expect(artistProfileSchema.safeParse({ ...base, links: [...links, 'https://x.org'] }).success).toBe(
			false
		);
	});

	it.each(['javascript:alert(1)', 'data:text/html,hi', 'ftp://example.org', 'example.org'])(
		'refuses %j',
		(url) => {
			expect(artistProfileSchema.safeParse({ ...base, links: [url] }).success).toBe(false);
		}
	);

	it('labels links by host', () => {
		expect(linkLabel('https://www.bandcamp.com/maria')).toBe('bandcamp.com');
	});
});
