/**
 * A counting semaphore over the machine's cores. ffmpeg 5.1 encodes on one core per process, so the
 * worker runs at most one CPU-bound ffmpeg per core: more would only share cores and stretch the
 * ladder, the job's critical path. Work waits for a free slot in the order it asked.
 */
export interface CpuSlots {
	run<T>(work: () => Promise<T>): Promise<T>;
}

export function createCpuSlots(count: number): CpuSlots {
	if (!Number.isInteger(count) || count < 1)
		throw new RangeError(`slot count must be at least 1, got ${count}`);
	let free = count;
	const waiting: Array<() => void> = [];

	const release = () => {
		const next = waiting.shift();
		if (next) next();
		else free++;
	};

	return {
		async run(work) {
			if (free > 0) free--;
			else await new Promise<void>((resolve) => waiting.push(resolve));
			try {
				return await work();
			} finally {
				release();
			}
		}
	};
}

/** No limit: for callers (tests, tools) that schedule their own processes. */
export const unlimitedCpuSlots: CpuSlots = { run: (work) => work() };
