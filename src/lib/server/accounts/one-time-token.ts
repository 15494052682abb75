import { createHash, randomBytes } from 'node:crypto';

/** A one-time link's secret: 32 random bytes, URL-safe. Only its SHA-256 is stored. */
export function generateOneTimeToken(): { token: string; hash: Buffer } {
	const token = randomBytes(32).toString('base64url');
	return { token, hash: createHash('sha256').update(token).digest() };
}

/** Null for anything that is not the shape we hand out, so junk never reaches the database. */
export function hashOneTimeToken(token: string): Buffer | null {
	return /^[A-Za-z0-9_-]{43}$/.test(token) ? createHash('sha256').update(token).digest() : null;
}
