import type { SubmitFunction } from '@sveltejs/kit';

/**
 * Enhanced submit that keeps what is in the inputs: the page data is reloaded after the action, and
 * resetting would put back the values the page was first rendered with.
 */
export const keepValues: SubmitFunction = () => {
	return async ({ update }) => {
		await update({ reset: false });
	};
};
