import { describe, expect, it } from 'vitest';
import { createCpuSlots } from '../../../media-worker/ffmpeg/cpu-slots';

function deferred() {
	let resolve!: () => void;
	const promise = new Promise<void>((r) => (resolve = r));
	return { promise, resolve };
}

describe('createCpuSlots', () => {
	it('runs at most `count` tasks at once and starts waiting ones in the order they asked', async () => {
		const slots = createCpuSlots(2);
		const gates = [deferred(), deferred(), deferred(), deferred()];
		const started: number[] = [];
		const done = gates.map((gate, i) =>
			slots.run(async () => {
				started.push(i);
				await gate.promise;
				return i;
			})
		);
		await Promise.resolve();
		expect(started).toEqual([0, 1]);
		gates[1].resolve();
		await done[1];
		await Promise.resolve();
		expect(started).toEqual([0, 1, 2]);
		gates[0].resolve();
		gates[2].resolve();
		gates[3].resolve();
		expect(await Promise.all(done)).toEqual([0, 1, 2, 3]);
		expect(started).toEqual([0, 1, 2, 3]);
	});

	it('frees the slot when a task fails', async () => {
		const slots = createCpuSlots(1);
		await expect(slots.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		await expect(slots.run(async () => 'next')).resolves.toBe('next');
	});

	it('refuses a count below one', () => {
		expect(() => createCpuSlots(0)).toThrow(RangeError);
	});
});
