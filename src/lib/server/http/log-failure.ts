import type { Logger } from '../logger';

// Loaded by SvelteKit's hooks and, outside SvelteKit, by the media and upload handlers: relative imports only.

/**
 * The one rule for logging a request that went wrong. Only a server fault (5xx) is an error, with its
 * stack: someone must look at it. A client's mistake (an over-limit body, a malformed request, a
 * missing page) is one short line at a lower level, so nobody can fill the error log by sending junk.
 */
export function logRequestFailure(
	logger: Pick<Logger, 'error' | 'info' | 'debug'>,
	status: number,
	error: unknown,
	context: Record<string, unknown> = {}
): void {
	if (status >= 500) {
		logger.error({ err: error, status, ...context }, 'unexpected error');
		return;
	}
	const reason = error instanceof Error ? error.message : String(error);
	// Unknown pages are the scanners' daily bread: kept out of the default log level.
	const level = status === 404 ? 'debug' : 'info';
	logger[level]({ status, reason: reason.slice(0, 200), ...context }, 'client error');
}
