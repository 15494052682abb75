import http from 'node:http';
import net from 'node:net';

/**
 * A small sticky load balancer for trying several Shoal web processes on one machine
 * (`npm run cluster`). In production put a real one in front (nginx, HAProxy, a cloud balancer; see
 * docs/operations.md). Stickiness matters for Socket.IO's long-polling transport, whose successive
 * requests must reach the process that holds the session: the first answer sets a cookie naming the
 * backend, later requests (and WebSocket upgrades) follow it.
 */
export const STICKY_COOKIE = 'shoal_node';

export interface Backend {
	host: string;
	port: number;
}

/** The backend a request goes to: the one its cookie names when that is valid, else the next in turn. */
export function chooseBackend(
	cookieHeader: string | undefined,
	backendCount: number,
	nextInTurn: () => number
): { index: number; sticky: boolean } {
	const match = cookieHeader?.match(new RegExp(`(?:^|;\\s*)${STICKY_COOKIE}=(\\d{1,3})(?:;|$)`));
	const named = match ? Number(match[1]) : NaN;
	if (Number.isInteger(named) && named >= 0 && named < backendCount) return { index: named, sticky: true };
	return { index: nextInTurn() % backendCount, sticky: false };
}

export function startBalancer(options: {
	port: number;
	host?: string;
	backends: readonly Backend[];
	onError?: (error: Error) => void;
}): Promise<http.Server> {
	const { backends } = options;
	let turn = 0;
	const pick = (req: http.IncomingMessage) =>
		chooseBackend(req.headers.cookie, backends.length, () => turn++);

	const server = http.createServer((req, res) => {
		const { index, sticky } = pick(req);
		const backend = backends[index]!;
		const upstream = http.request(
			{
				host: backend.host,
				port: backend.port,
				method: req.method,
				path: req.url,
				headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' }
			},
			(answer) => {
				const headers = { ...answer.headers };
				if (!sticky) {
					const cookie = `${STICKY_COOKIE}=${index}; Path=/; HttpOnly; SameSite=Lax`;
					const existing = headers['set-cookie'] ?? [];
					headers['set-cookie'] = [...existing, cookie];
				}
				res.writeHead(answer.statusCode ?? 502, answer.statusMessage, headers);
				answer.pipe(res);
			}
		);
		upstream.on('error', (error) => {
			options.onError?.(error);
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
			res.end('This Shoal process is not answering; try again in a moment.');
		});
		req.pipe(upstream);
	});

	// WebSocket upgrades: replay the request head to the chosen backend, then splice the sockets.
	server.on('upgrade', (req, socket, head) => {
		const backend = backends[pick(req).index]!;
		const upstream = net.connect(backend.port, backend.host, () => {
			const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
			for (let i = 0; i < req.rawHeaders.length; i += 2)
				lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
			upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
			if (head.length) upstream.write(head);
			upstream.pipe(socket).pipe(upstream);
		});
		const close = () => {
			upstream.destroy();
			socket.destroy();
		};
		upstream.on('error', close);
		socket.on('error', close);
	});

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host ?? '0.0.0.0', () => resolve(server));
	});
}
