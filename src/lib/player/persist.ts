import type { PlayableTrack } from '$lib/shared/playable';
import type { PersistedPlayer } from './persist-schema';
import type { QueueState, RepeatMode } from './queue';

/**
 * What survives a reload, in localStorage under one versioned key. Writing needs no library; reading
 * goes through the zod schema in persist-schema.ts (an old version, a corrupt or hand-edited value is
 * ignored, and the player starts empty), which the player imports only when there is something stored,
 * so a first visit does not download a validator.
 */
export const STORAGE_KEY = 'shoal.player';
export const STORAGE_VERSION = 1;

export interface PlayerSnapshot {
	queue: QueueState<PlayableTrack>;
	position: number;
	volume: number;
	muted: boolean;
	normalise: boolean;
	lossless: boolean;
	shuffle: boolean;
	repeat: RepeatMode;
}

export function serialisePlayer(snapshot: PlayerSnapshot): string {
	const { queue, ...settings } = snapshot;
	const value: PersistedPlayer = {
		v: STORAGE_VERSION,
		queue: queue.items,
		index: queue.index,
		unshuffled: queue.unshuffled
			? queue.unshuffled.map((item) => queue.items.indexOf(item)).filter((i) => i >= 0)
			: null,
		...settings,
		position: Math.round(settings.position * 10) / 10
	};
	return JSON.stringify(value);
}
