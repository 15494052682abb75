import type { z } from 'zod';
import { fieldErrors } from '../shared/validation';
import { ServiceError } from './errors';

/** Parses service input with its zod schema, or throws the form-ready "invalid" ServiceError. */
export function parseInput<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
	const result = schema.safeParse(raw);
	if (!result.success) {
		throw new ServiceError('invalid', 'Please correct the highlighted fields.', fieldErrors(result.error));
	}
	return result.data;
}
