import path from 'node:path';
import { z } from 'zod';

/**
 * Shoal's whole configuration, read once from the environment and validated.
 * Anything wrong becomes one readable line (ConfigError) so `npm start` can say it and exit.
 */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
	PORT: z.coerce
		.number({ error: 'must be a whole number between 1 and 65535' })
		.int({ error: 'must be a whole number between 1 and 65535' })
		.min(1, { error: 'must be a whole number between 1 and 65535' })
		.max(65535, { error: 'must be a whole number between 1 and 65535' })
		.default(3000),
	HOST: z.string().trim().min(1, { error: 'must not be empty' }).default('0.0.0.0'),
	ORIGIN: z
		.string()
		.trim()
		.refine(isHttpOrigin, {
			error:
				'must be the public address people use, like http://localhost:3000 or https://music.example.org (no path)'
		})
		.optional(),
	DATA_DIR: z.string().trim().min(1, { error: 'must not be empty' }).default('./data'),
	SHOAL_WORKER: z.enum(['on', 'off'], { error: 'must be "on" or "off"' }).default('on'),
	LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
	LOG_FORMAT: z.enum(['pretty', 'json'], { error: 'must be "pretty" or "json"' }).optional(),
	SHOAL_WORKER_STALE_SECONDS: z.coerce
		.number({ error: 'must be a number of seconds' })
		.int({ error: 'must be a whole number of seconds' })
		.min(5, { error: 'must be at least 5 seconds' })
		.default(30),
	SHOAL_MAX_UPLOAD_MB: wholeNumber('megabytes', 1).default(2048),
	SHOAL_ARTIST_QUOTA_MB: wholeNumber('megabytes', 1).default(20480),
	SHOAL_MAX_TRACK_MINUTES: wholeNumber('minutes', 1).default(120),
	SHOAL_WORKER_CONCURRENCY: wholeNumber('jobs', 1).default(1),
	SHOAL_JOB_LEASE_SECONDS: wholeNumber('seconds', 2).default(30),
	SHOAL_FFMPEG_PATH: z.string().trim().min(1, { error: 'must not be empty' }).default('ffmpeg'),
	SHOAL_FFPROBE_PATH: z.string().trim().min(1, { error: 'must not be empty' }).default('ffprobe'),
	SHOAL_DEMO: z
		.enum(['0', '1'], { error: 'must be 1 (seed a demo catalogue on an empty database) or 0' })
		.default('1'),
	SMTP_URL: z
		.string()
		.trim()
		.refine(isSmtpUrl, {
			error: 'must be an smtp:// or smtps:// address, like smtps://user:password@mail.example.org:465'
		})
		.optional(),
	MAIL_FROM: z
		.string()
		.trim()
		.max(200, { error: 'is too long' })
		.refine(isMailFrom, {
			error: 'must be an email address, optionally with a name: Shoal <music@example.org>'
		})
		.optional(),
	SHOAL_MIN_FREE_DISK_MB: z.coerce
		.number({ error: 'must be a number of megabytes' })
		.int({ error: 'must be a whole number of megabytes' })
		.min(0, { error: 'must not be negative' })
		.default(256),
	SHOAL_MAIL_PER_IP_PER_HOUR: wholeNumber('messages', 1).default(20)
});

function wholeNumber(unit: string, min: number) {
	const message = `must be a whole number of ${unit} (at least ${min})`;
	return z.coerce.number({ error: message }).int({ error: message }).min(min, { error: message });
}

function isHttpOrigin(value: string): boolean {
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value.replace(/\/$/, '');
	} catch {
		return false;
	}
}

function isSmtpUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
	} catch {
		return false;
	}
}

const BARE_ADDRESS = /^[^\s<>@"]+@[^\s<>@"]+\.[^\s<>@"]+$/;

/** `music@example.org` or `Shoal <music@example.org>`; no line breaks (header injection). */
function isMailFrom(value: string): boolean {
	if (/[\r\n]/.test(value)) return false;
	const named = /^([^<>"\r\n]*)<([^<>]+)>$/.exec(value);
	return BARE_ADDRESS.test(named ? named[2].trim() : value);
}

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
	port: number;
	host: string;
	/** Public origin, e.g. http://localhost:3000; used for CSRF checks, cookies and printed URLs. */
	origin: string;
	dataDir: string;
	databasePath: string;
	mediaDir: string;
	workerMode: 'on' | 'off';
	logLevel: LogLevel;
	logFormat: 'pretty' | 'json';
	workerStaleSeconds: number;
	minFreeDiskMb: number;
	/** Where resumable uploads wait until they are complete (outside the media store). */
	uploadsDir: string;
	maxUploadBytes: number;
	artistQuotaBytes: number;
	maxTrackSeconds: number;
	workerConcurrency: number;
	/** How long a claimed job stays leased without a heartbeat before another worker may take it. */
	jobLeaseSeconds: number;
	/** A command name (looked up in PATH) or an absolute path. */
	ffmpegPath: string;
	ffprobePath: string;
	demoCatalogue: boolean;
	/** Outgoing mail: an SMTP server, or (null) the outbox directory under DATA_DIR. */
	smtpUrl: string | null;
	mailFrom: string;
	/** Links mailed per hour for requests from one address (sign-up, reset, email change). */
	mailPerIpPerHour: number;
	/** Where messages are written when no SMTP server is configured. */
	outboxDir: string;
	/** Cookies get the Secure flag everywhere except on a localhost origin. */
	secureCookies: boolean;
}

export class ConfigError extends Error {
	override name = 'ConfigError';
}

const SECRET_KEYS = new Set(['SMTP_URL']);

const LOCAL_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLocalhostOrigin(origin: string): boolean {
	return LOCAL_HOSTNAMES.has(new URL(origin).hostname);
}

/** Reads and validates the environment. Throws ConfigError with a one-line explanation. */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
	// Empty strings mean "not set" (a common shell/compose idiom), so defaults apply.
	const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
	const parsed = envSchema.safeParse(cleaned);
	if (!parsed.success) {
		const problems = parsed.error.issues.map((issue) => {
			const key = String(issue.path[0] ?? 'environment');
			const given = cleaned[key];
			// SMTP_URL may carry a password: never echo it.
			const shown = given === undefined || SECRET_KEYS.has(key) ? '' : ` (got "${given}")`;
			return `${key} ${issue.message}${shown}`;
		});
		throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
	}
	const e = parsed.data;
	const origin = (e.ORIGIN ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
	const dataDir = path.resolve(cwd, e.DATA_DIR);
	return {
		port: e.PORT,
		host: e.HOST,
		origin,
		dataDir,
		databasePath: path.join(dataDir, 'shoal.sqlite'),
		mediaDir: path.join(dataDir, 'media'),
		workerMode: e.SHOAL_WORKER,
		logLevel: e.LOG_LEVEL,
		logFormat: e.LOG_FORMAT ?? (env.NODE_ENV === 'production' ? 'json' : 'pretty'),
		workerStaleSeconds: e.SHOAL_WORKER_STALE_SECONDS,
		minFreeDiskMb: e.SHOAL_MIN_FREE_DISK_MB,
		uploadsDir: path.join(dataDir, 'uploads'),
		maxUploadBytes: e.SHOAL_MAX_UPLOAD_MB * 1024 * 1024,
		artistQuotaBytes: e.SHOAL_ARTIST_QUOTA_MB * 1024 * 1024,
		maxTrackSeconds: e.SHOAL_MAX_TRACK_MINUTES * 60,
		workerConcurrency: e.SHOAL_WORKER_CONCURRENCY,
		jobLeaseSeconds: e.SHOAL_JOB_LEASE_SECONDS,
		ffmpegPath: e.SHOAL_FFMPEG_PATH,
		ffprobePath: e.SHOAL_FFPROBE_PATH,
		demoCatalogue: e.SHOAL_DEMO === '1',
		smtpUrl: e.SMTP_URL ?? null,
		mailFrom: e.MAIL_FROM ?? `Shoal <no-reply@${new URL(origin).hostname}>`,
		mailPerIpPerHour: e.SHOAL_MAIL_PER_IP_PER_HOUR,
		outboxDir: path.join(dataDir, 'outbox'),
		secureCookies: !isLocalhostOrigin(origin)
	};
}
