import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/**
 * @tus/server's own `handle(req, res)` waits for `res.end()`'s callback, which never comes once the
 * client has gone, so its promise would never settle and shutdown could not tell when an interrupted
 * PATCH has finished writing. We hand tus a web Request instead (`handleWeb`) and send its answer
 * ourselves. The Node request rides along where srvx puts it (`runtime.node`), so tus still aborts the
 * write cleanly when the connection drops, exactly as through `handle`.
 */
export type NodeBackedRequest = Request & { runtime: { name: 'node'; node: { req: IncomingMessage } } };

export function toTusRequest(req: IncomingMessage, res: ServerResponse): NodeBackedRequest {
	const headers = new Headers();
	for (const [name, value] of Object.entries(req.headers)) {
		if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
	}
	const method = req.method ?? 'GET';
	const hasBody = method !== 'GET' && method !== 'HEAD';
	const request = new Request(new URL(req.url ?? '/', 'http://localhost'), {
		method,
		headers,
		// Streamed: tus pipes it to the file store with backpressure; nothing holds a whole file.
		body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
		duplex: 'half'
	} as RequestInit);
	return Object.assign(request, { runtime: { name: 'node' as const, node: { req, res } } });
}

/** The Node request a tus hook's Request stands for. */
export function nodeRequestOf(req: Request): IncomingMessage | undefined {
	return (req as Partial<NodeBackedRequest>).runtime?.node?.req;
}

export async function sendTusResponse(res: ServerResponse, response: Response): Promise<void> {
	// tus answers are a few headers and at most a short message: reading them whole is fine.
	const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
	if (res.destroyed || res.writableEnded) return;
	const headers: Record<string, string> = {};
	response.headers.forEach((value, name) => {
		headers[name] = value;
	});
	res.writeHead(response.status, headers);
	res.end(body);
}
