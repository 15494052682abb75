/**
 * Services throw these; routes turn them into HTTP answers. Messages are written for people.
 * `fields` carries per-field messages for forms.
 */
export type ServiceErrorKind =
	'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'rate_limited' | 'busy';

const STATUS: Record<ServiceErrorKind, number> = {
	invalid: 400,
	unauthenticated: 401,
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	rate_limited: 429,
	busy: 503
};

export class ServiceError extends Error {
	override name = 'ServiceError';
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
	return error instanceof ServiceError;
}
