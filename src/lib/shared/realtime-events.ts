import type { ReleaseUpdate, TrackUpdate } from './catalog';

/**
 * The one map of realtime events, shared by the Socket.IO server and its clients.
 * Rooms are chosen by the server only: `user:<id>`, `session:<id>` (later `artist:<id>`, `room:<id>`).
 */
export interface RealtimeIdentity {
	userId: string | null;
	displayName: string | null;
	anonymous: boolean;
	artistId: string | null;
}

export interface ServerToClientEvents {
	/** Sent once after the handshake: who the server thinks this socket is. */
	'session:identity': (identity: RealtimeIdentity) => void;
	/** To `artist:<id>`: a track of theirs changed (upload registered, progress, ready, failed). */
	'track:update': (update: TrackUpdate) => void;
	/** To `artist:<id>`: a release of theirs changed (its cover is processing, ready or failed). */
	'release:update': (update: ReleaseUpdate) => void;
}

// Client → server events arrive with later issues (rooms, chat, parties); each will be zod-validated.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClientToServerEvents {}

export const SESSION_COOKIE = 'shoal_session';
