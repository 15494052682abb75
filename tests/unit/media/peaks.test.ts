import { describe, expect, it } from 'vitest';
import { createPeakAccumulator } from '../../../media-worker/ffmpeg/peaks';

function pcm(samples: number[]): Uint8Array {
	const bytes = new Uint8Array(samples.length * 2);
	const view = new DataView(bytes.buffer);
	samples.forEach((sample, i) => view.setInt16(i * 2, sample, true));
	return bytes;
}

function peaksOf(samples: number[], points: number, chunkBytes?: number, expectedSamples = samples.length) {
	const accumulator = createPeakAccumulator({ expectedSamples, points });
	const bytes = pcm(samples);
	const step = chunkBytes ?? bytes.length;
	for (let i = 0; i < bytes.length; i += step) accumulator.push(bytes.subarray(i, i + step));
	return accumulator.finish();
}

/** A ramp up then down, with alternating signs like real audio. */
const ramp = Array.from(
	{ length: 4000 },
	(_, i) => (i % 2 ? -1 : 1) * Math.round(30_000 * Math.sin((Math.PI * i) / 4000))
);

describe('createPeakAccumulator', () => {
	it('gives one value per bucket, normalised so the loudest is 1', () => {
		const peaks = peaksOf([0, 100, -200, 50, 8000, -16_000, 300, 0], 4);
		expect(peaks).toEqual([0.01, 0.01, 1, 0.02]);
	});

	it('gives the same answer however the stream is chunked, odd byte counts included', () => {
		const whole = peaksOf(ramp, 100);
		for (const chunkBytes of [1, 3, 7, 4096]) expect(peaksOf(ramp, 100, chunkBytes)).toEqual(whole);
	});

	it('follows the shape of the signal', () => {
		const peaks = peaksOf(ramp, 100);
		expect(peaks).toHaveLength(100);
		expect(peaks[0]).toBeLessThan(0.1);
		expect(Math.max(...peaks)).toBe(1);
		expect(peaks[50]).toBeGreaterThan(0.95);
		expect(peaks.at(-1)).toBeLessThan(0.1);
	});

	it('handles full-scale negative samples', () => {
		expect(peaksOf([-32768, 16384], 2)).toEqual([1, 0.5]);
	});

	it('returns JSON-friendly numbers in 0..1 with at most two decimals', () => {
		const peaks = peaksOf(ramp, 333);
		for (const value of peaks) {
			expect(value).toBeGreaterThanOrEqual(0);
			expect(value).toBeLessThanOrEqual(1);
			expect(Math.round(value * 100) / 100).toBe(value);
		}
		expect(JSON.parse(JSON.stringify(peaks))).toEqual(peaks);
	});

	it('returns zeros for silence instead of dividing by zero', () => {
		expect(peaksOf(Array(100).fill(0), 10)).toEqual(Array(10).fill(0));
	});

	it('folds a stream longer than expected back to at most the requested points', () => {
		const peaks = peaksOf(ramp, 100, undefined, ramp.length / 3);
		expect(peaks.length).toBeLessThanOrEqual(100);
		expect(peaks.length).toBeGreaterThan(50);
		expect(Math.max(...peaks)).toBe(1);
	});

	it('returns fewer points for a stream shorter than expected', () => {
		expect(peaksOf(ramp, 100, undefined, ramp.length * 2)).toHaveLength(50);
	});
});
