import type { CatalogService } from '../catalog/catalog-service';
import type { Logger } from '../logger';
import type { RealtimeServer } from './realtime-server';

const RELAY_INTERVAL_MS = 400;

/** One kind of row change, read from the database by time and sent to its owning artist. */
interface Feed<T extends { id: string; artistId: string; updatedAt: number }> {
	read(since: number): T[];
	send(update: T): void;
}

/**
 * The worker is another process (maybe on another machine) and writes progress and outcomes to the
 * database; this relay reads what changed and sends it live to the owning artist's sockets
 * (`artist:<id>`): tracks as `track:update`, releases (their cover's state) as `release:update`.
 * Each feed reads "at or after its cursor" and skips what it already sent at the cursor's millisecond,
 * so two changes within one millisecond are never lost.
 */
export function startTrackRelay(deps: {
	io: RealtimeServer;
	catalog: () => CatalogService;
	logger: Logger;
	now?: () => number;
}): { stop(): void } {
	const now = deps.now ?? Date.now;
	const toArtist = (artistId: string) => deps.io.to(`artist:${artistId}`);
	const feeds = [
		follow({
			read: (since) => deps.catalog().trackUpdatesSince(since),
			send: (update) => toArtist(update.artistId).emit('track:update', update)
		}),
		follow({
			read: (since) => deps.catalog().releaseUpdatesSince(since),
			send: (update) => toArtist(update.artistId).emit('release:update', update)
		})
	];

	function follow<T extends { id: string; artistId: string; updatedAt: number }>(feed: Feed<T>) {
		let cursor = now() - 1000;
		let sentAtCursor = new Set<string>();
		return {
			restart() {
				cursor = now();
				sentAtCursor = new Set();
			},
			relay() {
				for (const update of feed.read(cursor)) {
					const key = `${update.id}@${update.updatedAt}`;
					if (update.updatedAt === cursor && sentAtCursor.has(key)) continue;
					if (update.updatedAt > cursor) {
						cursor = update.updatedAt;
						sentAtCursor = new Set();
					}
					sentAtCursor.add(key);
					feed.send(update);
				}
			}
		};
	}

	const timer = setInterval(() => {
		// Nobody to tell: skip the query. Clients reload their data whenever they (re)connect, so
		// nothing is missed by starting again from now.
		if (deps.io.engine.clientsCount === 0) {
			for (const feed of feeds) feed.restart();
			return;
		}
		for (const feed of feeds) {
			try {
				feed.relay();
			} catch (error) {
				deps.logger.warn({ err: error }, 'the live relay could not read updates');
			}
		}
	}, RELAY_INTERVAL_MS);
	timer.unref();
	return { stop: () => clearInterval(timer) };
}
