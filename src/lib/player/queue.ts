/**
 * The play queue as pure functions over plain values: the player keeps one QueueState and replaces it
 * with what these return, so every rule here is unit-tested without a browser.
 */

export type RepeatMode = 'off' | 'all' | 'one';
export const REPEAT_MODES: readonly RepeatMode[] = ['off', 'all', 'one'];

export interface QueueState<T> {
	items: T[];
	/** The current item, or -1 when nothing is current. */
	index: number;
	/** The order before shuffling (null while shuffle is off), so turning shuffle off restores it. */
	unshuffled: T[] | null;
}

export function emptyQueue<T>(): QueueState<T> {
	return { items: [], index: -1, unshuffled: null };
}

function clampIndex(index: number, length: number): number {
	if (length === 0) return -1;
	return Math.min(Math.max(index, 0), length - 1);
}

/** Replaces the queue; a shuffled queue stays shuffled (the chosen track first). */
export function playNow<T>(tracks: T[], startIndex: number, shuffled: boolean, random = Math.random) {
	const queue: QueueState<T> = {
		items: [...tracks],
		index: clampIndex(startIndex, tracks.length),
		unshuffled: null
	};
	return shuffled ? shuffle(queue, random) : queue;
}

/** Puts `tracks` right after the current item (at the front when nothing is current). */
export function playNext<T>(queue: QueueState<T>, tracks: T[]): QueueState<T> {
	const at = queue.index + 1;
	const items = [...queue.items.slice(0, at), ...tracks, ...queue.items.slice(at)];
	return {
		items,
		index: queue.index === -1 && items.length > 0 ? 0 : queue.index,
		unshuffled: queue.unshuffled ? [...queue.unshuffled, ...tracks] : null
	};
}

/** Puts `tracks` at the end. */
export function addToQueue<T>(queue: QueueState<T>, tracks: T[]): QueueState<T> {
	const items = [...queue.items, ...tracks];
	return {
		items,
		index: queue.index === -1 && items.length > 0 ? 0 : queue.index,
		unshuffled: queue.unshuffled ? [...queue.unshuffled, ...tracks] : null
	};
}

/** Moves the item at `from` to `to`; the current item stays current wherever it ends up. */
export function move<T>(queue: QueueState<T>, from: number, to: number): QueueState<T> {
	const length = queue.items.length;
	if (from < 0 || from >= length || to < 0 || to >= length || from === to) return queue;
	const items = [...queue.items];
	const [item] = items.splice(from, 1);
	items.splice(to, 0, item);
	let index = queue.index;
	if (index === from) index = to;
	else if (from < index && to >= index) index--;
	else if (from > index && to <= index) index++;
	return { ...queue, items, index };
}

/**
 * Removes the item at `at`. Removing the current item makes the one after it current (or the new last
 * one); `currentChanged` tells the player to load it.
 */
export function remove<T>(
	queue: QueueState<T>,
	at: number
): { queue: QueueState<T>; currentChanged: boolean } {
	if (at < 0 || at >= queue.items.length) return { queue, currentChanged: false };
	const removed = queue.items[at];
	const items = queue.items.filter((_, i) => i !== at);
	const unshuffled = queue.unshuffled ? queue.unshuffled.filter((item) => item !== removed) : null;
	if (at < queue.index)
		return { queue: { items, index: queue.index - 1, unshuffled }, currentChanged: false };
	if (at > queue.index) return { queue: { items, index: queue.index, unshuffled }, currentChanged: false };
	return { queue: { items, index: clampIndex(queue.index, items.length), unshuffled }, currentChanged: true };
}

/** Clears everything but the current item (which keeps playing). */
export function clear<T>(queue: QueueState<T>): QueueState<T> {
	const current = queue.items[queue.index];
	return current === undefined ? emptyQueue() : { items: [current], index: 0, unshuffled: null };
}

/** Fisher–Yates over everything but the current item, which goes first; the old order is kept. */
export function shuffle<T>(queue: QueueState<T>, random = Math.random): QueueState<T> {
	const current = queue.items[queue.index];
	const rest = queue.items.filter((_, i) => i !== queue.index);
	for (let i = rest.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[rest[i], rest[j]] = [rest[j], rest[i]];
	}
	const items = current === undefined ? rest : [current, ...rest];
	return { items, index: items.length ? 0 : -1, unshuffled: queue.unshuffled ?? [...queue.items] };
}

/** Back to the order before shuffling (items added meanwhile stay, at the end); the current item stays current. */
export function unshuffle<T>(queue: QueueState<T>): QueueState<T> {
	if (!queue.unshuffled) return queue;
	const present = new Set(queue.items);
	const kept = queue.unshuffled.filter((item) => present.has(item));
	const keptSet = new Set(kept);
	const items = [...kept, ...queue.items.filter((item) => !keptSet.has(item))];
	const current = queue.items[queue.index];
	return { items, index: current === undefined ? -1 : items.indexOf(current), unshuffled: null };
}

/**
 * Which item comes next, or null to stop. `ended` is true when the current one played to its end
 * (repeat-one then replays it); a Next press always moves on.
 */
export function nextIndex(queue: QueueState<unknown>, repeat: RepeatMode, ended: boolean): number | null {
	const length = queue.items.length;
	if (length === 0) return null;
	if (ended && repeat === 'one') return queue.index;
	if (queue.index + 1 < length) return queue.index + 1;
	return repeat === 'off' ? null : 0;
}

/** A Previous press: restart the current item when past its first 3 s, else go back one. */
export const RESTART_THRESHOLD_SECONDS = 3;

export function previousIndex(
	queue: QueueState<unknown>,
	repeat: RepeatMode,
	positionSeconds: number
): number {
	if (queue.index < 0) return -1;
	if (positionSeconds > RESTART_THRESHOLD_SECONDS) return queue.index;
	if (queue.index > 0) return queue.index - 1;
	return repeat === 'all' ? queue.items.length - 1 : 0;
}
