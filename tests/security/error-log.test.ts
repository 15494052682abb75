import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../helpers/processes';
import {
	LEVEL,
	newArtist,
	send,
	startShoal,
	type LogLine,
	type ShoalServer,
	SERVER_START_MS
} from './server';

/**
 * What the server logs when a request goes wrong, read from its real log output (JSON lines). A client
 * error is one short line below error level (no stack); only a server fault is an error, with its stack.
 */
let server: ShoalServer;
let artist: Awaited<ReturnType<typeof newArtist>>;
beforeAll(async () => {
	// Small limits so over-limit bodies are quick to send: forms 1 MB, uploads 1 MB.
	server = await startShoal({ BODY_SIZE_LIMIT: '1M', SHOAL_MAX_UPLOAD_MB: '1' });
	artist = await newArtist(server);
}, SERVER_START_MS);
afterAll(() => server?.stop());

/** Runs `request`, waits for the log line `expected` picks out, and returns every line logged since. */
async function logsOf(request: () => Promise<Response>, expected: (line: LogLine) => boolean) {
	const mark = server.logs.length;
	const response = await request();
	await response.arrayBuffer();
	await until(() => (server.logs.slice(mark).some(expected) ? true : undefined), 'the log line');
	return { status: response.status, lines: server.logs.slice(mark) };
}

const clientError = (status: number) => (line: LogLine) =>
	line.msg === 'client error' && line.status === status;
const errors = (lines: LogLine[]) => lines.filter((line) => line.level >= LEVEL.error);

const formHeaders = () => ({
	origin: server.origin,
	cookie: artist.cookie,
	accept: 'text/html',
	'content-type': 'application/x-www-form-urlencoded'
});
const tooBig = () => `title=${'a'.repeat(1024 * 1024 + 10)}`;

describe('client errors are logged briefly, below error level', () => {
	it('a form body over the limit (Content-Length): 413, one info line, no stack', async () => {
		const { status, lines } = await logsOf(
			() => send(server, '/studio/releases/new', { method: 'POST', headers: formHeaders(), body: tooBig() }),
			clientError(413)
		);
		expect(status).toBe(413);
		expect(errors(lines)).toEqual([]);
		const line = lines.find(clientError(413))!;
		expect(line.level).toBeLessThan(LEVEL.warn);
		expect(line.err).toBeUndefined();
		expect(JSON.stringify(line)).not.toMatch(/\n\s+at /);
	});

	it('a form body over the limit sent in chunks (no Content-Length): the same', async () => {
		const body = tooBig();
		const stream = new ReadableStream({
			start(controller) {
				for (let at = 0; at < body.length; at += 64 * 1024)
					controller.enqueue(new TextEncoder().encode(body.slice(at, at + 64 * 1024)));
				controller.close();
			}
		});
		const { status, lines } = await logsOf(
			() =>
				send(server, '/studio/releases/new', {
					method: 'POST',
					headers: formHeaders(),
					body: stream,
					duplex: 'half'
				} as RequestInit),
			clientError(413)
		);
		expect(status).toBe(413);
		expect(errors(lines)).toEqual([]);
	});

	it('an upload over the size cap: 413 and no error line', async () => {
		const mark = server.logs.length;
		const response = await send(server, '/uploads/files', {
			method: 'POST',
			headers: {
				'tus-resumable': '1.0.0',
				origin: server.origin,
				cookie: artist.cookie,
				'upload-length': String(5 * 1024 * 1024),
				'upload-metadata': `releaseId ${Buffer.from(artist.release.id).toString('base64')}`
			}
		});
		expect(response.status).toBe(413);
		// A request that follows is logged after it: once its line is here, the 413's would be too.
		await logsOf(() => send(server, '/no-such-page'), clientError(404));
		expect(errors(server.logs.slice(mark))).toEqual([]);
	});

	it('an unknown page: 404 at debug level', async () => {
		const { status, lines } = await logsOf(() => send(server, '/no/such/page'), clientError(404));
		expect(status).toBe(404);
		expect(lines.find(clientError(404))!.level).toBe(LEVEL.debug);
		expect(errors(lines)).toEqual([]);
	});
});

describe('a real server fault is an error, with its stack', () => {
	it('a page whose database table is gone: 500, logged at error level with the stack', async () => {
		server.context.dbHandle.sqlite.exec('alter table releases rename to releases_gone');
		try {
			const { status, lines } = await logsOf(
				() => send(server, '/'),
				(line) => line.level >= LEVEL.error
			);
			expect(status).toBe(500);
			const [line] = errors(lines);
			expect(line!.msg).toBe('unexpected error');
			expect(line!.status).toBe(500);
			expect(line!.err?.stack).toMatch(/no such table: releases/);

			const media = await logsOf(
				() => send(server, `/media/artwork/${artist.release.id}/v1/cover_300.webp`),
				(l) => l.level >= LEVEL.error && l.what === 'media request'
			);
			expect(media.status).toBe(500);
			expect(errors(media.lines)[0]!.err?.stack).toMatch(/\n\s+at /);
		} finally {
			server.context.dbHandle.sqlite.exec('alter table releases_gone rename to releases');
		}
	});
});
