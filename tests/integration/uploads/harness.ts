import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { FakeClock } from '../../../src/lib/server/clock';
import { loadConfig } from '../../../src/lib/server/config';
import { createAppContext, type AppContext } from '../../../src/lib/server/context';
import { createLogger } from '../../../src/lib/server/logger';
import { createUploadServer, type UploadServer } from '../../../src/lib/server/uploads/upload-server';
import { SESSION_COOKIE } from '../../../src/lib/shared/realtime-events';
import { ffmpegSync } from '../../helpers/audio';
import { newPerson, PROJECT_ROOT, tempDir } from '../../helpers/app-context';

export const ORIGIN = 'http://localhost:3999';
export const TUS = { 'Tus-Resumable': '1.0.0' };

/**
 * A real Shoal context on a temp DATA_DIR with the upload handler on a real HTTP server. `restart()`
 * throws both away and builds new ones on the same DATA_DIR, the way a server restart does.
 */
export class UploadHarness {
	context!: AppContext;
	uploads!: UploadServer;
	server!: http.Server;
	url = '';
	readonly dataDir = tempDir('shoal-uploads-');

	constructor(private readonly env: Record<string, string> = {}) {}

	async start(): Promise<this> {
		const config = loadConfig({ DATA_DIR: this.dataDir, ORIGIN, ...this.env }, PROJECT_ROOT);
		this.context = createAppContext(config, {
			clock: new FakeClock(),
			logger: createLogger({ logLevel: 'silent', logFormat: 'json' })
		});
		this.uploads = createUploadServer(this.context);
		this.server = http.createServer((req, res) => this.uploads(req, res));
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	/** Ends the server abruptly (open connections included) and waits until the handler is idle. */
	async stop(): Promise<void> {
		const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
		this.server.closeAllConnections();
		await closed;
		await this.uploads.stop();
		this.context.close();
	}

	async restart(): Promise<void> {
		await this.stop();
		await this.start();
	}

	async dispose(): Promise<void> {
		await this.stop();
		fs.rmSync(this.dataDir, { recursive: true, force: true });
	}

	get uploadsDir(): string {
		return this.context.config.uploadsDir;
	}

	uploadFiles(): string[] {
		return fs.existsSync(this.uploadsDir) ? fs.readdirSync(this.uploadsDir) : [];
	}

	/** Files under the media store's originals (what registerUpload adopts). */
	originals(): string[] {
		const dir = path.join(this.context.config.mediaDir, 'originals');
		return fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).map(String) : [];
	}

	tracks() {
		return this.context.dbHandle.sqlite
			.prepare('select id, release_id, original_name, status, stage, source_key, job_id from tracks')
			.all() as Array<{
			id: string;
			release_id: string;
			original_name: string;
			status: string;
			stage: string;
			source_key: string;
			job_id: string;
		}>;
	}

	/** A signed-in artist with one draft release. */
	async artist(name = 'Tidewater') {
		const { token, user } = await this.context.accounts.signUp(newPerson({ displayName: name }));
		const actor = { userId: user.id, isAdmin: false };
		const handle = `${name.toLowerCase().replace(/[^a-z0-9]/g, '')}${Math.floor(Math.random() * 1e6)}`;
		this.context.artists.createProfile(actor, { handle, name, bio: '', links: [] });
		const release = this.context.catalog.createRelease(actor, {
			title: 'Low Water',
			type: 'single',
			releaseDate: '',
			licence: 'cc-by'
		});
		return { user, token, actor, release, cookie: `${SESSION_COOKIE}=${token}` };
	}
}

export function encodeMetadata(metadata: Record<string, string>): string {
	return Object.entries(metadata)
		.map(([key, value]) => `${key} ${Buffer.from(value, 'utf8').toString('base64')}`)
		.join(',');
}

/** A short stereo 48 kHz WAV made by ffmpeg. */
export function makeWav(dir: string, seconds = 1, name = 'take.wav'): Buffer {
	const file = path.join(dir, name);
	ffmpegSync(
		['-v', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=330:duration=${seconds}`, '-ac', '2'].concat([
			'-ar',
			'48000',
			'-c:a',
			'pcm_s16le',
			file
		])
	);
	return fs.readFileSync(file);
}

/** A tus client over fetch, one request per call, so tests can see every status and body. */
export class TusClient {
	constructor(
		private readonly base: string,
		private readonly headers: Record<string, string>
	) {}

	create(length: number | 'deferred', metadata: Record<string, string>, extra: Record<string, string> = {}) {
		const sizeHeader: Record<string, string> =
			length === 'deferred' ? { 'Upload-Defer-Length': '1' } : { 'Upload-Length': String(length) };
		return fetch(`${this.base}/uploads/files`, {
			method: 'POST',
			headers: {
				...TUS,
				...this.headers,
				...sizeHeader,
				'Upload-Metadata': encodeMetadata(metadata),
				...extra
			}
		});
	}

	/** Creates an upload and returns its absolute URL; throws with the server's words on refusal. */
	async createOk(length: number, metadata: Record<string, string>): Promise<string> {
		const res = await this.create(length, metadata);
		if (res.status !== 201) throw new Error(`creation refused: ${res.status} ${await res.text()}`);
		return new URL(res.headers.get('location')!, this.base).toString();
	}

	patch(url: string, offset: number, bytes: Uint8Array) {
		return fetch(url, {
			method: 'PATCH',
			headers: {
				...TUS,
				...this.headers,
				'Upload-Offset': String(offset),
				'Content-Type': 'application/offset+octet-stream'
			},
			body: new Uint8Array(bytes)
		});
	}

	head(url: string) {
		return fetch(url, { method: 'HEAD', headers: { ...TUS, ...this.headers } });
	}

	delete(url: string) {
		return fetch(url, { method: 'DELETE', headers: { ...TUS, ...this.headers } });
	}

	/** Creates and sends `bytes` in `parts` PATCHes; returns the last response. */
	async upload(bytes: Buffer, metadata: Record<string, string>, parts = 2): Promise<Response> {
		const url = await this.createOk(bytes.length, metadata);
		const step = Math.ceil(bytes.length / parts);
		let last: Response | undefined;
		for (let offset = 0; offset < bytes.length; offset += step) {
			last = await this.patch(url, offset, bytes.subarray(offset, offset + step));
			if (offset + step < bytes.length && last.status !== 204) {
				throw new Error(`PATCH refused: ${last.status} ${await last.text()}`);
			}
		}
		return last!;
	}
}

export function clientFor(
	harness: UploadHarness,
	cookie?: string,
	origin: string | null = ORIGIN,
	extraHeaders: Record<string, string> = {}
): TusClient {
	return new TusClient(harness.url, {
		...(origin ? { Origin: origin } : {}),
		...(cookie ? { Cookie: cookie } : {}),
		...extraHeaders
	});
}
