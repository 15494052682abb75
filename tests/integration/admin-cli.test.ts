import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, newPerson, PROJECT_ROOT, type TestApp } from '../helpers/app-context';

const TSX = path.join(PROJECT_ROOT, 'node_modules/tsx/dist/cli.mjs');
let app: TestApp;
beforeEach(() => {
	app = createTestApp();
});
afterEach(() => app.cleanup());

function admin(...args: string[]) {
	return spawnSync(process.execPath, [TSX, 'src/server/admin-cli.ts', ...args], {
		cwd: PROJECT_ROOT,
		env: { ...process.env, DATA_DIR: app.dataDir },
		encoding: 'utf8',
		timeout: 60_000
	});
}

describe('npm run admin', () => {
	it('grants and revokes admin by email', async () => {
		const person = newPerson();
		await app.context.accounts.signUp(person);
		const granted = admin('grant', person.email.toUpperCase());
		expect(granted.status).toBe(0);
		expect(granted.stdout).toContain('is now an admin');
		expect(app.context.repositories.users.findByEmail(person.email)?.isAdmin).toBe(true);

		expect(admin('revoke', person.email).status).toBe(0);
		expect(app.context.repositories.users.findByEmail(person.email)?.isAdmin).toBe(false);
	});

	it('says so when there is no such account', () => {
		const result = admin('grant', 'nobody@example.org');
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('No account with the email nobody@example.org');
	});

	it('explains its usage', () => {
		const result = admin('promote');
		expect(result.status).toBe(2);
		expect(result.stderr).toContain('Usage: npm run admin -- grant <email>');
	});
});
