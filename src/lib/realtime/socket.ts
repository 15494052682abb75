import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '$lib/shared/realtime-events';

export type ShoalSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let shared: Promise<ShoalSocket> | null = null;
let holders = 0;

/**
 * One Socket.IO connection per tab, opened on first need. socket.io-client is imported dynamically so
 * that pages which never go live (the home page, most of the app) do not download it.
 */
export function acquireSocket(): Promise<ShoalSocket> {
	holders++;
	// WebSocket first; long-polling only where a proxy blocks WebSockets.
	shared ??= import('socket.io-client').then(
		({ io }) => io({ transports: ['websocket', 'polling'] }) as ShoalSocket
	);
	return shared;
}

export function releaseSocket(): void {
	holders = Math.max(0, holders - 1);
	if (holders > 0 || !shared) return;
	const closing = shared;
	shared = null;
	void closing.then((socket) => socket.disconnect());
}
