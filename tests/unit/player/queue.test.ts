import { describe, expect, it } from 'vitest';
import * as Q from '../../../src/lib/player/queue';

const queueOf = (items: string[], index: number): Q.QueueState<string> => ({
	items,
	index,
	unshuffled: null
});

/** A deterministic "random" for shuffles: cycles through the given values. */
function sequence(...values: number[]) {
	let i = 0;
	return () => values[i++ % values.length];
}

describe('queue editing', () => {
	it('play now replaces the queue and starts at the chosen track', () => {
		expect(Q.playNow(['a', 'b', 'c'], 1, false)).toEqual(queueOf(['a', 'b', 'c'], 1));
		expect(Q.playNow(['a', 'b'], 7, false).index).toBe(1);
	});

	it('play next inserts right after the current track', () => {
		expect(Q.playNext(queueOf(['a', 'b', 'c'], 0), ['x', 'y'])).toEqual(
			queueOf(['a', 'x', 'y', 'b', 'c'], 0)
		);
		expect(Q.playNext(Q.emptyQueue<string>(), ['x'])).toEqual(queueOf(['x'], 0));
	});

	it('add to queue appends', () => {
		expect(Q.addToQueue(queueOf(['a', 'b'], 1), ['x'])).toEqual(queueOf(['a', 'b', 'x'], 1));
		expect(Q.addToQueue(Q.emptyQueue<string>(), ['x', 'y'])).toEqual(queueOf(['x', 'y'], 0));
	});

	it('moving keeps the current track current', () => {
		const queue = queueOf(['a', 'b', 'c', 'd'], 1);
		expect(Q.move(queue, 1, 3)).toEqual(queueOf(['a', 'c', 'd', 'b'], 3));
		expect(Q.move(queue, 0, 2)).toEqual(queueOf(['b', 'c', 'a', 'd'], 0));
		expect(Q.move(queue, 3, 0)).toEqual(queueOf(['d', 'a', 'b', 'c'], 2));
		expect(Q.move(queue, 2, 3)).toEqual(queueOf(['a', 'b', 'd', 'c'], 1));
		expect(Q.move(queue, 0, 9)).toBe(queue);
	});

	it('removing before, after or at the current track', () => {
		const queue = queueOf(['a', 'b', 'c'], 1);
		expect(Q.remove(queue, 0)).toEqual({ queue: queueOf(['b', 'c'], 0), currentChanged: false });
		expect(Q.remove(queue, 2)).toEqual({ queue: queueOf(['a', 'b'], 1), currentChanged: false });
		expect(Q.remove(queue, 1)).toEqual({ queue: queueOf(['a', 'c'], 1), currentChanged: true });
		expect(Q.remove(queueOf(['a', 'b'], 1), 1)).toEqual({ queue: queueOf(['a'], 0), currentChanged: true });
		expect(Q.remove(queueOf(['a'], 0), 0)).toEqual({ queue: queueOf([], -1), currentChanged: true });
	});

	it('clear keeps only the current track', () => {
		expect(Q.clear(queueOf(['a', 'b', 'c'], 1))).toEqual(queueOf(['b'], 0));
		expect(Q.clear(Q.emptyQueue())).toEqual(Q.emptyQueue());
	});
});

describe('shuffle', () => {
	it('keeps the current track first and covers every track once', () => {
		const items = Array.from({ length: 12 }, (_, i) => `t${i}`);
		for (const random of [sequence(0), sequence(0.99), sequence(0.3, 0.7, 0.1), Math.random]) {
			const shuffled = Q.shuffle(queueOf(items, 5), random);
			expect(shuffled.index).toBe(0);
			expect(shuffled.items[0]).toBe('t5');
			expect([...shuffled.items].sort()).toEqual([...items].sort());
			expect(shuffled.unshuffled).toEqual(items);
		}
	});

	it('actually changes the order', () => {
		const items = Array.from({ length: 8 }, (_, i) => `t${i}`);
		expect(Q.shuffle(queueOf(items, 0), sequence(0)).items).not.toEqual(items);
	});

	it('unshuffle restores the old order, keeps the current track and what was added meanwhile', () => {
		const shuffled = Q.shuffle(queueOf(['a', 'b', 'c', 'd'], 2), sequence(0.5));
		const moved = Q.addToQueue({ ...shuffled, index: 2 }, ['x']);
		const current = moved.items[2];
		const restored = Q.unshuffle(moved);
		expect(restored.items).toEqual(['a', 'b', 'c', 'd', 'x']);
		expect(restored.items[restored.index]).toBe(current);
		expect(restored.unshuffled).toBeNull();
	});

	it('a new queue played while shuffle is on starts with the chosen track', () => {
		const queue = Q.playNow(['a', 'b', 'c', 'd'], 2, true, sequence(0.2));
		expect(queue.items[queue.index]).toBe('c');
		expect(queue.index).toBe(0);
	});
});

describe('next and previous', () => {
	it('next moves on, stops at the end unless repeating all', () => {
		expect(Q.nextIndex(queueOf(['a', 'b'], 0), 'off', true)).toBe(1);
		expect(Q.nextIndex(queueOf(['a', 'b'], 1), 'off', true)).toBeNull();
		expect(Q.nextIndex(queueOf(['a', 'b'], 1), 'all', true)).toBe(0);
		expect(Q.nextIndex(queueOf([], -1), 'all', true)).toBeNull();
	});

	it('repeat one replays when a track ends, but the Next button still moves on', () => {
		expect(Q.nextIndex(queueOf(['a', 'b'], 0), 'one', true)).toBe(0);
		expect(Q.nextIndex(queueOf(['a', 'b'], 0), 'one', false)).toBe(1);
		expect(Q.nextIndex(queueOf(['a', 'b'], 1), 'one', false)).toBe(0);
	});

	it('previous restarts after 3 s, else goes back (wrapping only when repeating all)', () => {
		expect(Q.previousIndex(queueOf(['a', 'b'], 1), 'off', 10)).toBe(1);
		expect(Q.previousIndex(queueOf(['a', 'b'], 1), 'off', 1)).toBe(0);
		expect(Q.previousIndex(queueOf(['a', 'b'], 0), 'off', 1)).toBe(0);
		expect(Q.previousIndex(queueOf(['a', 'b'], 0), 'all', 1)).toBe(1);
		expect(Q.previousIndex(queueOf([], -1), 'all', 1)).toBe(-1);
	});
});
