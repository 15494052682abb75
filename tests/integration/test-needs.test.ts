import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, tempDir } from '../helpers/app-context';

/**
 * `npm test`'s first step, run as a real non-root user (setpriv) on a PATH that has node and nothing
 * else: it must stop at once with one line saying what to install, not try to install or run tiers.
 */
const SCRIPT = 'tests/fixtures/check-test-needs.ts';
const SETPRIV = '/usr/bin/setpriv';
const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];
const canDropPrivileges =
	process.getuid?.() === 0 && fs.existsSync(SETPRIV) && spawnSync(SETPRIV, [...NOBODY, 'true']).status === 0;

let bareBin: string;
beforeAll(() => {
	bareBin = tempDir('shoal-bare-path-');
	fs.symlinkSync(process.execPath, path.join(bareBin, 'node'));
	fs.chmodSync(bareBin, 0o755);
});
afterAll(() => fs.rmSync(bareBin, { recursive: true, force: true }));

function checkNeeds(asNobody: boolean, pathDirs: string) {
	const env = { ...process.env, PATH: pathDirs, HOME: '/tmp' };
	const argv = ['node', '--import', 'tsx', SCRIPT];
	const result = asNobody
		? spawnSync(SETPRIV, [...NOBODY, ...argv], { cwd: PROJECT_ROOT, env, encoding: 'utf8', timeout: 60_000 })
		: spawnSync(argv[0], argv.slice(1), { cwd: PROJECT_ROOT, env, encoding: 'utf8', timeout: 60_000 });
	return result;
}

describe('npm test on a machine without ffmpeg', () => {
	it.runIf(canDropPrivileges)('as a non-root user: one line saying what to install, status 1', () => {
		const result = checkNeeds(true, bareBin);
		expect(result.stdout).toBe('');
		expect(result.stderr.trim().split('\n')).toEqual([
			expect.stringMatching(
				/^Shoal needs ffmpeg, ffprobe(, Chromium \(\/usr\/bin\/chromium\))? to run its tests\. Install it \(on Debian\/Ubuntu: sudo apt-get install ffmpeg( chromium)?\) and run npm test again\.$/
			)
		]);
		expect(result.status).toBe(1);
	});

	it('with everything present, goes on (as the same non-root user when possible)', () => {
		const result = checkNeeds(canDropPrivileges, process.env.PATH ?? '');
		expect(result.stderr).toBe('');
		expect(result.stdout.trim()).toBe('ready');
		expect(result.status).toBe(0);
	});
});
