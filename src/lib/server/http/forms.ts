import { fail, redirect } from '@sveltejs/kit';
import { isServiceError } from '../errors';

/** Plain string fields from a form post; files and repeated keys are ignored. */
export function formFields<K extends string>(data: FormData, keys: readonly K[]): Record<K, string> {
	const fields = {} as Record<K, string>;
	for (const key of keys) {
		const value = data.get(key);
		fields[key] = typeof value === 'string' ? value : '';
	}
	return fields;
}

/**
 * Turns a ServiceError into a form failure that re-renders the form with its message, per-field
 * errors and what the person typed (never passwords). Anything else is a real fault: rethrown.
 */
export function failWith(error: unknown, values: Record<string, string> = {}) {
	if (isServiceError(error)) {
		return fail(error.status, { message: error.message, errors: error.fields, values });
	}
	throw error;
}

export function requireUser(locals: App.Locals, returnTo: string) {
	if (!locals.user) redirect(303, `/signin?next=${encodeURIComponent(returnTo)}`);
	return locals.user;
}
