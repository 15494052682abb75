/**
 * Services throw these; routes turn them into HTTP answers. Messages are written for people.
 * `fields` carries per-field messages for forms.
 */
export type ServiceErrorKind =
	| 'invalid'
	| 'unauthenticated'
	| 'forbidden'
	| 'not_found'
	| 'conflict'
	/** Over a size limit or a storage quota. */
	| 'too_large'
	| 'rate_limited'
	| 'busy';

const STATUS: Record<ServiceErrorKind, number> = {
	invalid: 400,
	unauthenticated: 401,
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	too_large: 413,
	rate_limited: 429,
	busy: 503
};

// Checked by brand, not instanceof: SvelteKit's bundle and the server entry (tsx) each load their own
// copy of this module, so an error thrown by one copy must still be recognised by the other.
const SERVICE_ERROR_BRAND = Symbol.for('shoal.service-error');

export class ServiceError extends Error {
	override name = 'ServiceError';
	readonly [SERVICE_ERROR_BRAND] = true;
	constructor(
		readonly kind: ServiceErrorKind,
		message: string,
		readonly fields: Record<string, string> = {},
		readonly retryAfterSeconds?: number
	) {
		super(message);
	}
	get status(): number {
		return STATUS[this.kind];
	}
}

export function isServiceError(error: unknown): error is ServiceError {
	return typeof error === 'object' && error !== null && SERVICE_ERROR_BRAND in error;
}
