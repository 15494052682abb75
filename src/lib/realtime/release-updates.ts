import type { ReleaseUpdate } from '$lib/shared/catalog';
import { acquireSocket, releaseSocket } from './socket';

/**
 * Live `release:update` events for the signed-in artist (a cover turned ready or failed). Like
 * track-updates.ts, every (re)connect calls `onResync`, since events sent meanwhile are lost.
 * Returns the unsubscribe function.
 */
export function subscribeReleaseUpdates(handlers: {
	onUpdate: (update: ReleaseUpdate) => void;
	onResync: () => void;
}): () => void {
	let stopped = false;
	let cleanup = () => {};
	void acquireSocket().then((socket) => {
		if (stopped) return;
		const onConnect = () => handlers.onResync();
		socket.on('release:update', handlers.onUpdate);
		socket.on('connect', onConnect);
		cleanup = () => {
			socket.off('release:update', handlers.onUpdate);
			socket.off('connect', onConnect);
		};
	});
	return () => {
		stopped = true;
		cleanup();
		releaseSocket();
	};
}
