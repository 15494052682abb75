import { FfmpegError } from './errors';

/**
 * Runs tasks side by side under one shared signal. The first failure cancels the others, every task
 * has stopped before this settles (so no ffmpeg outlives its job and a temp directory is never removed
 * under a running one), and the error thrown is the failure that started it, not a "cancelled".
 */
export async function runTogether<T extends readonly unknown[]>(
	parent: AbortSignal | undefined,
	tasks: { [K in keyof T]: (signal: AbortSignal) => Promise<T[K]> }
): Promise<T> {
	const controller = new AbortController();
	const stopAll = () => controller.abort(parent?.reason);
	if (parent?.aborted) stopAll();
	parent?.addEventListener('abort', stopAll, { once: true });
	try {
		const running = tasks.map((task) =>
			task(controller.signal).catch((error: unknown) => {
				stopAll();
				throw error;
			})
		);
		const settled = await Promise.allSettled(running);
		const reasons = settled.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
		if (reasons.length > 0)
			throw (
				reasons.find((reason) => !(reason instanceof FfmpegError && reason.reason === 'aborted')) ??
				reasons[0]
			);
		return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
	} finally {
		parent?.removeEventListener('abort', stopAll);
	}
}
