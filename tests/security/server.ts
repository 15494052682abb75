import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { FakeClock } from '../../src/lib/server/clock';
import { loadConfig } from '../../src/lib/server/config';
import { createAppContext, type AppContext } from '../../src/lib/server/context';
import { createLogger } from '../../src/lib/server/logger';
import { build, isBuildCurrent } from '../../src/server/build';
import { SESSION_COOKIE } from '../../src/lib/shared/realtime-events';
import { PROJECT_ROOT, tempDir } from '../helpers/app-context';

/**
 * The security tier's server: the real production entry (`src/server/main.ts`, as `npm start` runs it)
 * in a child process on a free port and a temp DATA_DIR, logging JSON lines that the test reads.
 * Beside it the test opens its own context on the same database, to seed people and releases.
 */

export interface LogLine {
	level: number;
	msg: string;
	err?: { stack?: string; message?: string };
	[key: string]: unknown;
}

export const LEVEL = { debug: 20, info: 30, warn: 40, error: 50 } as const;

export interface ShoalServer {
	url: string;
	origin: string;
	dataDir: string;
	/** A context on the server's database, for seeding (its clock is the test's own). */
	context: AppContext;
	logs: LogLine[];
	stop(): Promise<void>;
}

/** Builds when the sources changed since the last build; one build at a time across test workers. */
function ensureBuilt(): void {
	if (isBuildCurrent()) return;
	const lock = path.join(PROJECT_ROOT, '.tmp', 'security-build.lock');
	fs.mkdirSync(path.dirname(lock), { recursive: true });
	for (;;) {
		try {
			fs.mkdirSync(lock);
			break;
		} catch {
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
		}
	}
	try {
		if (!isBuildCurrent() && !build()) throw new Error('the build failed');
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as net.AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}

export async function startShoal(env: Record<string, string> = {}): Promise<ShoalServer> {
	ensureBuilt();
	const port = await freePort();
	const dataDir = tempDir('shoal-security-');
	const url = `http://127.0.0.1:${port}`;
	const origin = env.ORIGIN ?? `http://localhost:${port}`;
	const logs: LogLine[] = [];
	const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
		cwd: PROJECT_ROOT,
		env: {
			...process.env,
			NODE_ENV: 'production',
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			DATA_DIR: dataDir,
			SHOAL_WORKER: 'off',
			SHOAL_DEMO: '0',
			// The tables sign up many times from 127.0.0.1: more mailed links an hour than a real address.
			SHOAL_MAIL_PER_IP_PER_HOUR: '10000',
			LOG_LEVEL: 'debug',
			LOG_FORMAT: 'json',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let pending = '';
	let stderr = '';
	child.stdout!.on('data', (chunk: Buffer) => {
		pending += chunk.toString('utf8');
		const lines = pending.split('\n');
		pending = lines.pop() ?? '';
		for (const line of lines) {
			if (!line.startsWith('{')) continue;
			try {
				logs.push(JSON.parse(line) as LogLine);
			} catch {
				// not a log line
			}
		}
	});
	child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

	await waitForServer(
		url,
		() => child.exitCode !== null,
		() => stderr
	);
	const config = loadConfig({ DATA_DIR: dataDir, ORIGIN: origin }, PROJECT_ROOT);
	const context = createAppContext(config, {
		clock: new FakeClock(Date.now()),
		logger: createLogger({ logLevel: 'silent', logFormat: 'json' })
	});
	return {
		url,
		origin,
		dataDir,
		context,
		logs,
		async stop() {
			child.kill('SIGTERM');
			await exited;
			context.close();
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

async function waitForServer(url: string, gone: () => boolean, stderr: () => string): Promise<void> {
	const started = Date.now();
	for (;;) {
		if (gone()) throw new Error(`the server exited while starting:\n${stderr()}`);
		try {
			await fetch(`${url}/healthz`);
			return;
		} catch {
			if (Date.now() - started > 60_000) throw new Error(`the server did not start:\n${stderr()}`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}
}

let counter = 0;
export interface Person {
	userId: string;
	email: string;
	password: string;
	displayName: string;
	token: string;
	cookie: string;
}

/** A new account (through the account service, as sign-up makes it) with a session. */
export async function newAccount(
	server: ShoalServer,
	overrides: { password?: string } = {}
): Promise<Person> {
	counter++;
	const stamp = `${process.pid}x${counter}x${Date.now().toString(36)}`;
	const input = {
		displayName: `Tester ${counter}`,
		email: `tester${stamp}@example.org`,
		password: overrides.password ?? 'tidal pools at dusk'
	};
	const signedIn = await server.context.accounts.signUp(input);
	return {
		userId: signedIn.user.id,
		...input,
		token: signedIn.token,
		cookie: `${SESSION_COOKIE}=${signedIn.token}`
	};
}

/** An account with an artist profile and one draft release. */
export async function newArtist(server: ShoalServer) {
	const person = await newAccount(server);
	const actor = { userId: person.userId, isAdmin: false };
	const handle = `artist${process.pid}${counter}${Date.now().toString(36)}`.slice(0, 30);
	const artist = server.context.artists.createProfile(actor, { handle, name: `Artist ${counter}` });
	const release = server.context.catalog.createRelease(actor, {
		title: 'First light',
		type: 'ep',
		releaseDate: '',
		licence: 'all-rights-reserved'
	});
	return { ...person, actor, artist, release };
}

/** A request that does not follow redirects, with a same-origin Origin header unless told otherwise. */
export function send(server: ShoalServer, pathname: string, init: RequestInit = {}): Promise<Response> {
	return fetch(`${server.url}${pathname}`, { redirect: 'manual', ...init });
}

/** Starting may include a production build (when the sources changed): give it room. */
export const SERVER_START_MS = 300_000;
