import type { Server as HttpServer } from 'node:http';
import { sveltekit } from '@sveltejs/kit/vite';
import { tsImport } from 'tsx/esm/api';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * `npm run dev`: the Vite dev server gets the same Socket.IO server, app context, upload endpoint and
 * supervised media worker as production. The backend is loaded lazily (through tsx) and only when serving,
 * so `vite build` never opens a database.
 */
function shoalDevBackend(): Plugin {
	return {
		name: 'shoal-dev-backend',
		apply: 'serve',
		async configureServer(server) {
			if (process.env.VITEST || !server.httpServer) return;
			const backend = (await tsImport(
				'./src/server/dev-backend.ts',
				import.meta.url
			)) as typeof import('./src/server/dev-backend');
			const { uploads, media } = backend.attachDevBackend(
				server.httpServer as HttpServer,
				server.config.server.port ?? 5173
			);
			// Before SvelteKit's middleware, whose body limit is for forms. The handlers restore the prefix
			// that connect strips from req.url (they read req.originalUrl). /media is the media route.
			server.middlewares.use('/uploads', uploads);
			server.middlewares.use('/media', media);
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), shoalDevBackend()],
	server: { port: 5173 },
	// Rolldown's plugin-timing report is noise in `npm start` output.
	build: { rolldownOptions: { checks: { pluginTimings: false } } },
	test: {
		include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/security/**/*.test.ts'],
		environment: 'node',
		// The security tier loads the built app; Node imports it as it is (never compiled again).
		server: { deps: { external: [/\/build\//] } },
		testTimeout: 30_000,
		hookTimeout: 30_000,
		// Integration tests open real SQLite files and spawn processes; keep the 2-core machine sane.
		maxWorkers: 2
	}
});
