import { peaksArgs, type MediaInput } from './args';
import type { FfmpegRunner, RunOptions } from './runner';

/** Enough for a full-width waveform on a desktop screen; about 6 KB of JSON. */
export const PEAK_POINTS = 1500;
/**
 * Low enough that a 2-hour track is cheap to scan in JS; the resampler's low-pass softens cymbals a
 * little, which a waveform drawing does not show anyway.
 */
export const PEAKS_SAMPLE_RATE = 8000;

export interface PeakAccumulator {
	/** Accepts mono s16le PCM in chunks of any length (a sample may straddle two chunks). */
	push(chunk: Uint8Array): void;
	/** Peaks in 0..1 relative to the loudest point, two decimals: the shape, not the level. */
	finish(): number[];
}

/**
 * Keeps one running maximum per bucket, so memory stays at `points` numbers however long the track.
 * The bucket length comes from the expected sample count; a longer stream than expected just makes
 * more buckets, which `finish` folds back to at most `points`.
 */
export function createPeakAccumulator(options: {
	expectedSamples: number;
	points?: number;
}): PeakAccumulator {
	const points = options.points ?? PEAK_POINTS;
	if (!Number.isInteger(points) || points < 1) throw new RangeError(`points must be a positive whole number`);
	const bucketSize = Math.max(1, Math.ceil(options.expectedSamples / points));
	const buckets: number[] = [];
	let current = 0;
	let inBucket = 0;
	let carry: number | null = null;

	const add = (sample: number) => {
		const magnitude = sample < 0 ? -sample : sample;
		if (magnitude > current) current = magnitude;
		if (++inBucket === bucketSize) {
			buckets.push(current);
			current = 0;
			inBucket = 0;
		}
	};

	return {
		push(chunk) {
			let offset = 0;
			if (carry !== null && chunk.length > 0) {
				add((((chunk[0] << 8) | carry) << 16) >> 16);
				carry = null;
				offset = 1;
			}
			const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
			const end = offset + ((chunk.length - offset) & ~1);
			for (let i = offset; i < end; i += 2) add(view.getInt16(i, true));
			if (end < chunk.length) carry = chunk[end];
		},
		finish() {
			const all = inBucket > 0 ? [...buckets, current] : buckets;
			return normalise(foldTo(all, points));
		}
	};
}

function foldTo(values: number[], points: number): number[] {
	if (values.length <= points) return values;
	const group = Math.ceil(values.length / points);
	const folded: number[] = [];
	for (let i = 0; i < values.length; i += group) folded.push(Math.max(...values.slice(i, i + group)));
	return folded;
}

function normalise(values: number[]): number[] {
	const loudest = values.reduce((max, value) => (value > max ? value : max), 0);
	if (loudest === 0) return values.map(() => 0);
	return values.map((value) => Math.round((value / loudest) * 100) / 100);
}

export async function computePeaks(
	runner: FfmpegRunner,
	input: MediaInput,
	options: Omit<RunOptions, 'collectStdout' | 'onStdout'> & {
		/** From ffprobe: sizes the buckets before the first sample arrives. */
		durationSeconds: number;
		maxDurationSeconds: number;
		points?: number;
		sampleRate?: number;
	}
): Promise<number[]> {
	const { maxDurationSeconds, points, sampleRate = PEAKS_SAMPLE_RATE, ...runOptions } = options;
	const expectedSamples = Math.ceil(Math.min(options.durationSeconds, maxDurationSeconds) * sampleRate);
	const accumulator = createPeakAccumulator({ expectedSamples, points });
	await runner.run(peaksArgs({ input, sampleRate, maxDurationSeconds }), {
		...runOptions,
		onStdout: (chunk) => accumulator.push(chunk)
	});
	return accumulator.finish();
}
