import type { ParamMatcher } from '@sveltejs/kit';

/** Artist pages live at /@handle. */
export const match = ((param: string) =>
	/^@[a-zA-Z0-9][a-zA-Z0-9_-]{1,28}[a-zA-Z0-9]$/.test(param)) satisfies ParamMatcher;
