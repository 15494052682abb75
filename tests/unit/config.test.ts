import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/lib/server/config';

describe('loadConfig', () => {
	it('uses the embedded defaults', () => {
		const config = loadConfig({}, '/srv/shoal');
		expect(config.port).toBe(3000);
		expect(config.host).toBe('0.0.0.0');
		expect(config.origin).toBe('http://localhost:3000');
		expect(config.dataDir).toBe('/srv/shoal/data');
		expect(config.databasePath).toBe('/srv/shoal/data/shoal.sqlite');
		expect(config.workerMode).toBe('on');
		expect(config.secureCookies).toBe(false);
	});

	it('derives the origin from PORT and treats empty values as unset', () => {
		expect(loadConfig({ PORT: '8080', ORIGIN: '' }).origin).toBe('http://localhost:8080');
	});

	it('marks cookies Secure on any origin but localhost', () => {
		expect(loadConfig({ ORIGIN: 'https://music.example.org' }).secureCookies).toBe(true);
		expect(loadConfig({ ORIGIN: 'http://127.0.0.1:3000' }).secureCookies).toBe(false);
	});

	it.each([
		[{ PORT: 'abc' }, /PORT must be a whole number between 1 and 65535 \(got "abc"\)/],
		[{ PORT: '70000' }, /PORT must be a whole number/],
		[{ ORIGIN: 'localhost:3000' }, /ORIGIN must be the public address/],
		[{ ORIGIN: 'https://example.org/path' }, /ORIGIN must be the public address/],
		[{ SHOAL_WORKER: 'maybe' }, /SHOAL_WORKER must be "on" or "off"/],
		[{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/]
	])('refuses %o with one clear line', (env, message) => {
		expect(() => loadConfig(env)).toThrow(ConfigError);
		try {
			loadConfig(env);
		} catch (error) {
			expect((error as Error).message).toMatch(message);
			expect((error as Error).message).not.toContain('\n');
		}
	});
});
