import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, type Config } from '../lib/server/config';
import { createAppContext, installAppContext } from '../lib/server/context';
import { hstsHeader } from '../lib/server/http/hsts';
import { createRealtimeServer } from '../lib/server/realtime/realtime-server';
import { startTrackRelay } from '../lib/server/realtime/track-relay';
import { createUploadServer } from '../lib/server/uploads/upload-server';
import { createMediaHandler } from './media-http';
import { startWorkerSupervisor } from './worker-supervisor';

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse, next?: () => void) => void;

const SHUTDOWN_TIMEOUT_MS = 15_000;

/** Reads the config or prints one clear line and exits with code 2. */
export function configOrExit(env: NodeJS.ProcessEnv): Config {
	try {
		return loadConfig(env);
	} catch (error) {
		if (error instanceof ConfigError) {
			console.error(error.message);
			process.exit(2);
		}
		throw error;
	}
}

/**
 * The production server: one HTTP server whose requests go to SvelteKit (adapter-node's handler)
 * and whose upgrades go to Socket.IO; it supervises the media worker and shuts down gracefully.
 */
export async function runServer(env: NodeJS.ProcessEnv = process.env): Promise<void> {
	env.NODE_ENV ??= 'production';
	const config = configOrExit(env);
	// adapter-node's handler reads ORIGIN itself to build request URLs and check form origins.
	env.ORIGIN = config.origin;
	// Form posts carry at most a cover image; audio goes through the resumable upload endpoint.
	env.BODY_SIZE_LIMIT ??= '16M';

	const handlerFile = path.resolve('build/handler.js');
	if (!fs.existsSync(handlerFile)) {
		console.error('Shoal is not built yet: run `npm start` (it builds first) or `npm run build`.');
		process.exit(1);
	}

	const context = installAppContext(createAppContext(config));
	const { logger } = context;
	const { handler } = (await import(pathToFileURL(handlerFile).href)) as { handler: NodeHandler };

	// Resumable uploads stream straight to disk beside SvelteKit, whose body limit is for forms.
	const uploads = createUploadServer(context);
	// Playlists, segments and artwork: the hot path, served without going through SvelteKit.
	const media = createMediaHandler(context);
	// On every answer, SvelteKit's, the media route's and the uploads' alike.
	const hsts = hstsHeader(config.origin);
	const server = http.createServer((req, res) => {
		if (hsts) res.setHeader('Strict-Transport-Security', hsts);
		if (req.url?.startsWith('/media/')) return media(req, res);
		if (req.url?.startsWith('/uploads/')) return uploads(req, res);
		handler(req, res, () => {
			res.statusCode = 404;
			res.end('Not found');
		});
	});
	const io = createRealtimeServer(server, {
		origin: config.origin,
		sessions: () => context.sessions,
		logger,
		artistIdOf: (userId) => context.artists.ofUser(userId)?.id ?? null
	});
	context.realtime.io = io;
	const relay = startTrackRelay({ io, catalog: () => context.catalog, logger });

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port, config.host, () => resolve());
	}).catch((error: NodeJS.ErrnoException) => {
		const reason =
			error.code === 'EADDRINUSE' ? `port ${config.port} is already in use (set PORT)` : error.message;
		logger.fatal(`Shoal could not start: ${reason}`);
		process.exit(1);
	});

	const worker = config.workerMode === 'on' ? startWorkerSupervisor({ logger, env }) : undefined;
	logger.info({ origin: config.origin, dataDir: config.dataDir }, 'Shoal is running');
	// The one line a person starting Shoal looks for, whatever the log format.
	console.log(`\n  Shoal is running at ${config.origin}  (data in ${config.dataDir})\n`);
	if (
		!config.secureCookies &&
		!config.origin.startsWith('http://localhost') &&
		!config.origin.includes('127.0.0.1')
	) {
		logger.warn('ORIGIN is not https: sign-in cookies need https outside localhost');
	}
	if (config.workerMode === 'off') logger.info('SHOAL_WORKER=off: run `npm run worker` to process media');

	let shuttingDown = false;
	async function shutdown(signal: string): Promise<void> {
		if (shuttingDown) return;
		shuttingDown = true;
		logger.info({ signal }, 'shutting down: finishing requests, closing sockets and the worker');
		setTimeout(() => {
			logger.error('shutdown took too long; exiting');
			process.exit(1);
		}, SHUTDOWN_TIMEOUT_MS).unref();
		// io.close() disconnects every socket and closes the HTTP server, which stops accepting
		// and waits for in-flight requests to finish.
		relay.stop();
		await new Promise<void>((resolve) => io.close(() => resolve()));
		// An upload being registered still needs the database.
		await uploads.stop();
		await worker?.stop();
		context.close();
		logger.info('stopped');
		process.exit(0);
	}
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
	process.on('SIGINT', () => void shutdown('SIGINT'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
	await runServer();
}
