import type { PlayableTrack } from '$lib/shared/playable';

/**
 * The one browser player (lives for the whole visit; the PlayerBar in the root layout shows it).
 * CONTRACT STUB: the player work fills this in; pages only call these methods and read this state.
 */
class Player {
	queue = $state<PlayableTrack[]>([]);
	index = $state(-1);
	playing = $state(false);
	position = $state(0);

	get current(): PlayableTrack | null {
		return this.queue[this.index] ?? null;
	}

	/** Replaces the queue with `tracks` and starts `tracks[startIndex]` (optionally at `startAt` seconds). */
	playNow(tracks: PlayableTrack[], startIndex = 0, startAt = 0): void {
		this.queue = [...tracks];
		this.index = startIndex;
		this.position = startAt;
	}

	/** Puts `tracks` right after the current one. */
	playNext(tracks: PlayableTrack[]): void {
		this.queue.splice(this.index + 1, 0, ...tracks);
	}

	/** Puts `tracks` at the end of the queue. */
	addToQueue(tracks: PlayableTrack[]): void {
		this.queue.push(...tracks);
	}

	toggle(): void {
		this.playing = !this.playing;
	}

	seek(seconds: number): void {
		this.position = seconds;
	}
}

export const player = new Player();
