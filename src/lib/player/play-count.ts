/** A play counts once this much has really been heard (or half the track, when that is shorter). */
export const PLAY_COUNT_SECONDS = 30;

/** Larger jumps between two timeupdates are seeks (timeupdate fires every 250 ms or so), not listening. */
const MAX_TICK_SECONDS = 1.5;

export function playThreshold(durationSeconds: number): number {
	return durationSeconds > 0 ? Math.min(PLAY_COUNT_SECONDS, durationSeconds / 2) : PLAY_COUNT_SECONDS;
}

/**
 * Counts the seconds of one play-through that were actually heard: forward steps of the playhead while
 * playing, never seeks. `tick` returns true exactly once, when the play has earned its count.
 */
export class HeardCounter {
	trackId: string | null = null;
	heardSeconds = 0;
	private threshold = PLAY_COUNT_SECONDS;
	private last: number | null = null;
	private reported = false;

	/** A new play-through (a new track, or the same one again from the start). */
	start(trackId: string, durationSeconds: number): void {
		this.trackId = trackId;
		this.heardSeconds = 0;
		this.threshold = playThreshold(durationSeconds);
		this.last = null;
		this.reported = false;
	}

	/** The playhead jumped or playback paused: the next tick starts measuring afresh. */
	interrupt(): void {
		this.last = null;
	}

	tick(currentTime: number): boolean {
		if (this.trackId === null) return false;
		const last = this.last;
		this.last = currentTime;
		if (last === null) return false;
		const delta = currentTime - last;
		if (delta > 0 && delta <= MAX_TICK_SECONDS) this.heardSeconds += delta;
		if (!this.reported && this.heardSeconds >= this.threshold) {
			this.reported = true;
			return true;
		}
		return false;
	}
}
