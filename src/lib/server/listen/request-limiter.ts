import type { Clock } from '../clock';

/**
 * A fixed-window request counter per key, in memory. Enough for one web process; a restart forgets
 * it, which only ever lets a little more through. Old windows are swept when the map grows.
 */
export function createRequestLimiter(clock: Clock, limit: number, windowMs: number) {
	const windows = new Map<string, { startedAt: number; count: number }>();

	function sweep(now: number) {
		for (const [key, window] of windows) if (now - window.startedAt >= windowMs) windows.delete(key);
	}

	return {
		/** Counts one request; returns 0 when allowed, else the seconds until the window ends. */
		hit(key: string): number {
			const now = clock.now();
			if (windows.size > 10_000) sweep(now);
			let window = windows.get(key);
			if (!window || now - window.startedAt >= windowMs) {
				window = { startedAt: now, count: 0 };
				windows.set(key, window);
			}
			window.count++;
			return window.count > limit ? Math.ceil((window.startedAt + windowMs - now) / 1000) : 0;
		}
	};
}
