import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type {
	ClientToServerEvents,
	RealtimeIdentity,
	ServerToClientEvents
} from '../../shared/realtime-events';
import { SESSION_COOKIE } from '../../shared/realtime-events';
import type { SessionRevocationListener, SessionService, SessionUser } from '../auth/session-service';
import { originFactsOf, originVerdict } from '../http/request-origin';
import type { Logger } from '../logger';

// This module is loaded by the production entry and by vite.config.ts, outside SvelteKit:
// it must not import $app/* or $env/*.

interface SocketData {
	user: SessionUser | null;
	sessionId: string | null;
	artistId: string | null;
}

export type RealtimeServer = Server<
	ClientToServerEvents,
	ServerToClientEvents,
	Record<string, never>,
	SocketData
>;

export function readCookie(header: string | undefined, name: string): string | undefined {
	if (!header) return undefined;
	for (const part of header.split(';')) {
		const index = part.indexOf('=');
		if (index > 0 && part.slice(0, index).trim() === name) {
			try {
				return decodeURIComponent(part.slice(index + 1).trim());
			} catch {
				return undefined;
			}
		}
	}
	return undefined;
}

export function createRealtimeServer(
	httpServer: HttpServer,
	deps: {
		origin: string;
		sessions: () => SessionService;
		logger: Logger;
		/** The artist profile of a user, whose sockets then receive that artist's studio updates. */
		artistIdOf?: (userId: string) => string | null;
	}
): RealtimeServer {
	const io: RealtimeServer = new Server(httpServer, {
		serveClient: false,
		allowRequest: (req, callback) => {
			// The one origin rule of every state-changing path (see request-origin.ts).
			const hasCookie = readCookie(req.headers.cookie, SESSION_COOKIE) !== undefined;
			const verdict = originVerdict(originFactsOf(req, hasCookie), deps.origin);
			if (verdict !== 'allowed')
				deps.logger.info({ origin: req.headers.origin ?? null, verdict }, 'refused a realtime handshake');
			callback(verdict === 'allowed' ? null : 'Origin not allowed', verdict === 'allowed');
		}
	});

	io.use((socket, next) => {
		const token = readCookie(socket.request.headers.cookie, SESSION_COOKIE);
		const session = token ? deps.sessions().validate(token) : null;
		socket.data.user = session?.user ?? null;
		socket.data.sessionId = session?.sessionId ?? null;
		socket.data.artistId = session && deps.artistIdOf ? deps.artistIdOf(session.user.id) : null;
		next();
	});

	io.on('connection', (socket) => {
		const { user, sessionId, artistId } = socket.data;
		if (user && sessionId) {
			void socket.join([
				`user:${user.id}`,
				`session:${sessionId}`,
				...(artistId ? [`artist:${artistId}`] : [])
			]);
		}
		const identity: RealtimeIdentity = {
			userId: user?.id ?? null,
			displayName: user?.displayName ?? null,
			anonymous: !user,
			artistId
		};
		socket.emit('session:identity', identity);
	});

	return io;
}

/** Closes the sockets that belonged to ended sessions. */
export function revocationsFor(io: () => RealtimeServer | undefined): SessionRevocationListener {
	return {
		sessionRevoked(sessionId) {
			io()?.in(`session:${sessionId}`).disconnectSockets(true);
		},
		userSessionsRevoked(userId) {
			io()?.in(`user:${userId}`).disconnectSockets(true);
		}
	};
}
