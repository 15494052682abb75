import type { SubmitFunction } from '@sveltejs/kit';

/**
 * A progressively enhanced form's "in flight" state: `use:enhance={form.submit}` disables the button
 * while the request runs. `keepValues` keeps what was typed after the answer (forms that show errors
 * next to it); otherwise SvelteKit resets the form after a success, e.g. to clear password fields.
 */
export class PendingForm {
	active = $state(false);

	constructor(private readonly options: { keepValues?: boolean } = {}) {}

	submit: SubmitFunction = () => {
		this.active = true;
		return async ({ update }) => {
			try {
				await update(this.options.keepValues ? { reset: false } : undefined);
			} finally {
				this.active = false;
			}
		};
	};
}
