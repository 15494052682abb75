import { describe, expect, it } from 'vitest';
import {
	describePlace,
	moveTo,
	orderBatch,
	step,
	trackNumbers,
	type BatchTrack,
	type OrderedTrack
} from '../../src/lib/shared/track-order';

const tracks = (spec: string): OrderedTrack[] =>
	// "a b c | x y": discs separated by "|" (disc 1, 2 …); "a b c" is a single disc (null).
	spec.includes('|')
		? spec
				.split('|')
				.flatMap((disc, d) =>
					disc
						.trim()
						.split(/\s+/)
						.map((id) => ({ id, discNumber: d + 1 }))
				)
				.map((t, i) => ({ ...t, position: i + 1 }))
		: spec.split(/\s+/).map((id, i) => ({ id, position: i + 1, discNumber: null }));

const show = (list: { id: string; position: number; discNumber: number | null }[]) =>
	[...list]
		.sort((a, b) => a.position - b.position)
		.map((t) => (t.discNumber === null ? t.id : `${t.id}${t.discNumber}`))
		.join(' ');

describe('track order', () => {
	it('numbers a single disc 1..n and each disc of a multi-disc release from 1', () => {
		expect([...trackNumbers(tracks('a b c')).values()]).toEqual([
			{ disc: null, number: 1 },
			{ disc: null, number: 2 },
			{ disc: null, number: 3 }
		]);
		const double = tracks('a b | x');
		expect(trackNumbers(double).get('x')).toEqual({ disc: 2, number: 1 });
		expect(describePlace(double, 'x')).toBe('disc 2, track 1');
		expect(describePlace(tracks('a b c'), 'b')).toBe('track 2 of 3');
		// Every track on disc 1 (tags said 1/1) is a single disc.
		expect(trackNumbers(tracks('a b |').filter((t) => t.id)).get('b')).toEqual({ disc: null, number: 2 });
	});

	it('moves a track anywhere, keeping 1..n and the order of the others', () => {
		expect(show(moveTo(tracks('a b c d'), 'd', 1))).toBe('d a b c');
		expect(show(moveTo(tracks('a b c d'), 'a', 99))).toBe('b c d a');
		expect(show(moveTo(tracks('a b c d'), 'b', 0))).toBe('b a c d');
		expect(moveTo(tracks('a b c'), 'c', 1).map((t) => t.position)).toEqual([1, 2, 3]);
	});

	it('joins the disc it is dropped into', () => {
		expect(show(moveTo(tracks('a b c | x y'), 'x', 2))).toBe('a1 x1 b1 c1 y2');
		expect(show(moveTo(tracks('a b c | x y'), 'a', 5))).toBe('b1 c1 x2 y2 a2');
	});

	it('steps up and down, crossing a disc boundary by changing disc first', () => {
		expect(show(step(tracks('a b c'), 'b', 'up'))).toBe('b a c');
		expect(show(step(tracks('a b c'), 'a', 'up'))).toBe('a b c');
		expect(show(step(tracks('a b c'), 'c', 'down'))).toBe('a b c');
		expect(show(step(tracks('a b | x y'), 'x', 'up'))).toBe('a1 b1 x1 y2');
		expect(show(step(tracks('a b | x y'), 'b', 'down'))).toBe('a1 b2 x2 y2');
	});

	it('orders one upload batch by its tags over the places it holds, leaving others alone', () => {
		const row = (
			id: string,
			position: number,
			batch: string | null,
			tag: number | null,
			disc: number | null = null
		) =>
			({
				id,
				position,
				uploadBatch: batch,
				tagTrackNumber: tag,
				discNumber: disc,
				createdAt: position
			}) satisfies BatchTrack;
		const list = [
			row('old', 1, null, 9),
			row('t3', 2, 'b', 3),
			row('t1', 3, 'b', 1),
			row('none', 4, 'b', null),
			row('t2', 5, 'b', 2),
			row('other', 6, 'c', 1)
		];
		expect(show(orderBatch(list, 'b'))).toBe('old t1 t2 t3 none other');
		const discs = [row('d2t1', 1, 'b', 1, 2), row('d1t2', 2, 'b', 2, 1), row('d1t1', 3, 'b', 1, 1)];
		expect(show(orderBatch(discs, 'b'))).toBe('d1t11 d1t21 d2t12');
	});
});
