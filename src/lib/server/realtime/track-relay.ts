import type { CatalogService } from '../catalog/catalog-service';
import type { Logger } from '../logger';
import type { RealtimeServer } from './realtime-server';

const RELAY_INTERVAL_MS = 400;

/**
 * The worker is another process (maybe on another machine) and writes progress to the database; this
 * relay reads what changed and sends it live to the owning artist's sockets (`artist:<id>`).
 * It reads "at or after the cursor" and skips what it already sent at the cursor's millisecond, so
 * two changes within one millisecond are never lost.
 */
export function startTrackRelay(deps: {
	io: RealtimeServer;
	catalog: () => CatalogService;
	logger: Logger;
	now?: () => number;
}): { stop(): void } {
	const now = deps.now ?? Date.now;
	let cursor = now() - 1000;
	let sentAtCursor = new Set<string>();
	const timer = setInterval(() => {
		// Nobody to tell: skip the query. Clients reload their data whenever they (re)connect, so
		// nothing is missed by starting again from now.
		if (deps.io.engine.clientsCount === 0) {
			cursor = now();
			sentAtCursor = new Set();
			return;
		}
		try {
			for (const update of deps.catalog().trackUpdatesSince(cursor)) {
				const key = `${update.id}@${update.updatedAt}`;
				if (update.updatedAt === cursor && sentAtCursor.has(key)) continue;
				if (update.updatedAt > cursor) {
					cursor = update.updatedAt;
					sentAtCursor = new Set();
				}
				sentAtCursor.add(key);
				deps.io.to(`artist:${update.artistId}`).emit('track:update', update);
			}
		} catch (error) {
			deps.logger.warn({ err: error }, 'track relay could not read updates');
		}
	}, RELAY_INTERVAL_MS);
	timer.unref();
	return { stop: () => clearInterval(timer) };
}
