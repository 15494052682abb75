import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { newId } from '../ids';

/**
 * Session tokens per Lucia's current guide: `<id>.<secret>`; the id finds the row, the secret
 * (160 random bits) is checked against its stored SHA-256 in constant time.
 */
export interface SessionToken {
	id: string;
	secret: string;
	token: string;
}

export function generateSessionToken(): SessionToken {
	const id = newId(15);
	const secret = randomBytes(20).toString('base64url');
	return { id, secret, token: `${id}.${secret}` };
}

export function parseSessionToken(token: string): { id: string; secret: string } | null {
	const match = /^([A-Za-z0-9_-]{20})\.([A-Za-z0-9_-]{27})$/.exec(token);
	return match ? { id: match[1], secret: match[2] } : null;
}

export function hashSecret(secret: string): Buffer {
	return createHash('sha256').update(secret).digest();
}

export function secretMatches(secret: string, storedHash: Buffer): boolean {
	const candidate = hashSecret(secret);
	return candidate.length === storedHash.length && timingSafeEqual(candidate, storedHash);
}
