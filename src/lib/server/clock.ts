/** Time comes from here so tests can move it (session expiry, throttling, heartbeats). */
export interface Clock {
	now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export class FakeClock implements Clock {
	constructor(private current = Date.UTC(2026, 0, 1)) {}
	now(): number {
		return this.current;
	}
	advance(ms: number): void {
		this.current += ms;
	}
}
