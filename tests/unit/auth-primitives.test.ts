import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/lib/server/auth/passwords';
import {
	generateSessionToken,
	hashSecret,
	parseSessionToken,
	secretMatches
} from '../../src/lib/server/auth/session-tokens';

describe('session tokens', () => {
	it('are <id>.<secret> with at least 120 random bits each', () => {
		const { id, secret, token } = generateSessionToken();
		expect(token).toBe(`${id}.${secret}`);
		expect(Buffer.from(id, 'base64url').length * 8).toBeGreaterThanOrEqual(120);
		expect(Buffer.from(secret, 'base64url').length * 8).toBeGreaterThanOrEqual(120);
		expect(parseSessionToken(token)).toEqual({ id, secret });
	});

	it('never repeat', () => {
		const tokens = new Set(Array.from({ length: 1000 }, () => generateSessionToken().token));
		expect(tokens.size).toBe(1000);
	});

	it.each(['', 'abc', 'a.b', `${'a'.repeat(20)}.${'b'.repeat(26)}`, `${'a'.repeat(20)}.${'b'.repeat(27)}.x`])(
		'rejects malformed token %j',
		(token) => expect(parseSessionToken(token)).toBeNull()
	);

	it('checks the secret against its stored hash', () => {
		const { secret } = generateSessionToken();
		const stored = hashSecret(secret);
		expect(secretMatches(secret, stored)).toBe(true);
		expect(secretMatches(generateSessionToken().secret, stored)).toBe(false);
	});
});

describe('password rules (OWASP ASVS)', () => {
	it('wants at least 8 characters and allows long passphrases', () => {
		expect(passwordProblem('short1')).toMatch(/at least 8/);
		expect(passwordProblem('a calm tide '.repeat(8))).toBeNull();
		expect(passwordProblem('x'.repeat(257))).toMatch(/at most/);
	});

	it('refuses the most common passwords, whatever their case', () => {
		expect(passwordProblem('password')).toMatch(/most common/);
		expect(passwordProblem('PassWord1')).toMatch(/most common/);
		expect(passwordProblem('12345678')).toMatch(/most common/);
		expect(passwordProblem('iloveyou')).toMatch(/most common/);
	});

	it('refuses the email address as password', () => {
		expect(passwordProblem('someone@example.org', { email: 'someone@example.org' })).toMatch(/email/);
	});

	it('hashes with argon2id and verifies', async () => {
		const hash = await hashPassword('tidal pools at dusk');
		expect(hash.startsWith('$argon2id$')).toBe(true);
		expect(await verifyPassword(hash, 'tidal pools at dusk')).toBe(true);
		expect(await verifyPassword(hash, 'tidal pools at dawn')).toBe(false);
		expect(await verifyPassword('not a hash', 'x')).toBe(false);
	});
});

describe('service errors', () => {
	it('are recognised across module copies (SvelteKit bundle vs server entry)', async () => {
		const { isServiceError, ServiceError } = await import('../../src/lib/server/errors');
		const foreignCopy = Object.assign(new Error('x'), { [Symbol.for('shoal.service-error')]: true });
		expect(isServiceError(new ServiceError('invalid', 'x'))).toBe(true);
		expect(isServiceError(foreignCopy)).toBe(true);
		expect(isServiceError(new Error('x'))).toBe(false);
		expect(isServiceError(null)).toBe(false);
	});
});

describe('password hashing under a burst', () => {
	it('runs a bounded number at once and answers "busy" past the queue instead of growing without limit', async () => {
		const hash = await hashPassword('tidal pools at dusk');
		// 2 running + 64 waiting are accepted; the rest are refused at once.
		const burst = Array.from({ length: 70 }, () => verifyPassword(hash, 'tidal pools at dusk'));
		const results = await Promise.allSettled(burst);
		const refused = results.filter((r) => r.status === 'rejected');
		expect(results.filter((r) => r.status === 'fulfilled' && r.value === true)).toHaveLength(66);
		expect(refused).toHaveLength(4);
		expect(String((refused[0] as PromiseRejectedResult).reason.message)).toMatch(/very busy/);
		// Once the burst is over, hashing works again.
		expect(await verifyPassword(hash, 'tidal pools at dusk')).toBe(true);
	});
});
