import type { TrackUpdate } from '$lib/shared/catalog';
import { acquireSocket, releaseSocket } from './socket';

/**
 * Live `track:update` events for the signed-in artist (the server put this socket in `artist:<id>`).
 * Events sent before this socket joined (the page was rendered a moment earlier) or while it was
 * disconnected are lost, so every (re)connect calls `onResync` to reload the page's data.
 * Returns the unsubscribe function.
 */
export function subscribeTrackUpdates(handlers: {
	onUpdate: (update: TrackUpdate) => void;
	onResync: () => void;
}): () => void {
	let stopped = false;
	let cleanup = () => {};
	void acquireSocket().then((socket) => {
		if (stopped) return;
		const onConnect = () => handlers.onResync();
		socket.on('track:update', handlers.onUpdate);
		socket.on('connect', onConnect);
		if (socket.connected) handlers.onResync();
		cleanup = () => {
			socket.off('track:update', handlers.onUpdate);
			socket.off('connect', onConnect);
		};
	});
	return () => {
		stopped = true;
		cleanup();
		releaseSocket();
	};
}
