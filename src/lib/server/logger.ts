import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config';

export type { Logger };

/** One logger per process: JSON lines in production, readable lines in development. */
export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>, name = 'shoal'): Logger {
	const options = { name, level: config.logLevel };
	if (config.logFormat === 'json') return pino(options);
	return pino(
		options,
		pretty({ colorize: process.stdout.isTTY, sync: true, ignore: 'pid,hostname', translateTime: 'HH:MM:ss' })
	);
}
