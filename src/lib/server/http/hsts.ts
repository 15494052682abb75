// Loaded by SvelteKit's hooks and by the production entry: relative imports only.

/** A year; no includeSubDomains (other hosts of the operator's domain may not speak https) and no preload. */
export const HSTS_VALUE = 'max-age=31536000';

/** The Strict-Transport-Security value when the configured origin is https, else null (http or localhost dev). */
export function hstsHeader(origin: string): string | null {
	return new URL(origin).protocol === 'https:' ? HSTS_VALUE : null;
}
