import { player } from './player.svelte';

/** For a list row's aria-current: "true" while this track is the player's current one. */
export function isNowPlaying(trackId: string): 'true' | undefined {
	return player.current?.id === trackId ? 'true' : undefined;
}
