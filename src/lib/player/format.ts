/** 83.7 → "1:23", 3725 → "1:02:05": a position on the player's clock (seconds heard, rounded down). */
export function formatClock(seconds: number): string {
	return clock(Math.floor(Number.isFinite(seconds) ? seconds : 0));
}

/**
 * A length, rounded to the nearest second: 39.98 → "0:40". Pages show track lengths this way, so the
 * player bar must too (a rung's segments may add up to a few milliseconds less than the original).
 */
export function formatLength(seconds: number): string {
	return clock(Math.round(Number.isFinite(seconds) ? seconds : 0));
}

function clock(seconds: number): string {
	const total = Math.max(0, seconds);
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = String(total % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "1 minute 23 seconds of 3 minutes 45 seconds" is long; screen readers read "1:23 of 3:45" well. */
export function clockText(position: number, duration: number): string {
	return `${formatClock(position)} of ${formatLength(duration)}`;
}

/** Whether a key press belongs to something the listener is typing into (shortcuts stay out of it). */
export function isTypingTarget(target: EventTarget | null): boolean {
	if (!(target instanceof HTMLElement)) return false;
	if (target.isContentEditable) return true;
	const tag = target.tagName;
	if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
	if (tag !== 'INPUT') return false;
	const type = (target as HTMLInputElement).type;
	return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range'].includes(type);
}
