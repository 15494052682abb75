/**
 * The studio's polite live region: status changes (upload finished, track ready or failed) are read
 * out once, without moving focus. Progress ticks are deliberately not announced.
 */
export class Announcer {
	message = $state('');
	#timer: ReturnType<typeof setTimeout> | undefined;

	say(text: string): void {
		// Clearing first makes a repeated identical message be read again.
		this.message = '';
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => (this.message = text), 50);
	}
}
