import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { loadConfig } from '../lib/server/config';
import { createAppContext, installAppContext } from '../lib/server/context';
import { createRealtimeServer } from '../lib/server/realtime/realtime-server';
import { startTrackRelay } from '../lib/server/realtime/track-relay';
import { createUploadServer } from '../lib/server/uploads/upload-server';
import { createMediaHandler, type MediaHandler } from './media-http';
import { startWorkerSupervisor, type WorkerSupervisor } from './worker-supervisor';

const DEV_KEY = Symbol.for('shoal.dev-backend');
type DevGlobal = typeof globalThis & { [DEV_KEY]?: { worker?: WorkerSupervisor } };

/** The upload handler, for Vite's middleware stack (mounted at /uploads). */
export type DevUploadHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function attachDevBackend(
	httpServer: HttpServer,
	port: number
): { uploads: DevUploadHandler; media: MediaHandler } {
	const config = loadConfig({
		...process.env,
		ORIGIN: process.env.ORIGIN ?? `http://localhost:${port}`,
		PORT: String(port)
	});
	const context = installAppContext(createAppContext(config));
	const io = createRealtimeServer(httpServer, {
		origin: config.origin,
		sessions: () => context.sessions,
		logger: context.logger,
		artistIdOf: (userId) => context.artists.ofUser(userId)?.id ?? null
	});
	context.realtime.io = io;
	const relay = startTrackRelay({ io, catalog: () => context.catalog, logger: context.logger });
	const state = ((globalThis as DevGlobal)[DEV_KEY] ??= {});
	if (config.workerMode === 'on' && !state.worker)
		state.worker = startWorkerSupervisor({ logger: context.logger });
	const uploads = createUploadServer(context);
	const media = createMediaHandler(context);
	httpServer.once('close', () => {
		relay.stop();
		void state.worker?.stop();
		state.worker = undefined;
		// An upload being registered still needs the database.
		void uploads.stop().then(() => context.close());
	});
	return { uploads, media };
}
