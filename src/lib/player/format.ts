/** 83 → "1:23", 3725 → "1:02:05": the player's clock. */
export function formatClock(seconds: number): string {
	const total = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = String(total % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "1 minute 23 seconds of 3 minutes 45 seconds" is long; screen readers read "1:23 of 3:45" well. */
export function clockText(position: number, duration: number): string {
	return `${formatClock(position)} of ${formatClock(duration)}`;
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
