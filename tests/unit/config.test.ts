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

	it('mails into the outbox unless SMTP_URL is set, and checks the mail settings', () => {
		const embedded = loadConfig({}, '/srv/shoal');
		expect(embedded.smtpUrl).toBeNull();
		expect(embedded.outboxDir).toBe('/srv/shoal/data/outbox');
		expect(embedded.mailFrom).toBe('Shoal <no-reply@localhost>');
		const smtp = loadConfig({
			SMTP_URL: 'smtps://user:secret@mail.example.org:465',
			MAIL_FROM: 'Tide Records <music@example.org>'
		});
		expect(smtp.smtpUrl).toBe('smtps://user:secret@mail.example.org:465');
		expect(smtp.mailFrom).toBe('Tide Records <music@example.org>');
		expect(() => loadConfig({ SMTP_URL: 'http://mail.example.org' })).toThrow(/SMTP_URL must be an smtp/);
		expect(() => loadConfig({ MAIL_FROM: 'not an address' })).toThrow(/MAIL_FROM must be an email/);
		expect(() => loadConfig({ MAIL_FROM: 'a@b.org\nBcc: x@y.org' })).toThrow(/MAIL_FROM/);
		// A password in a bad SMTP_URL is never repeated in the error.
		expect(() => loadConfig({ SMTP_URL: 'ftp://user:hunter22@x' })).toThrow(
			expect.objectContaining({ message: expect.not.stringContaining('hunter22') })
		);
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
