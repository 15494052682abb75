import { randomBytes } from 'node:crypto';

/** Random identifiers: 120 bits, URL-safe. Used for row ids and session ids alike. */
export function newId(bytes = 15): string {
	return randomBytes(bytes).toString('base64url');
}
