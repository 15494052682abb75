/**
 * `npm test`: what the suite needs from the machine first, then every tier in order, then one summary
 * line `N passed, N failed, N skipped` summing them all.
 *   needs       ffmpeg, ffprobe, Chromium: installed from Debian's packages when root and missing,
 *               otherwise one line saying what to install, and nothing else runs (tests/test-needs.ts)
 *   checks      prettier, eslint, svelte-check (each counts as one)
 *   build       the production build the end-to-end tier runs against (counts as one)
 *   vitest      unit + integration (each test counts; skipped and todo tests count as skipped)
 *   security    tests/security, its own vitest run (each test counts)
 *   playwright  end-to-end in Chromium against the built server (each test counts)
 * Every tier runs even when an earlier one failed, so one run shows everything that is wrong.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureTestNeeds } from './test-needs';

ensureTestNeeds();

const root = path.resolve(import.meta.dirname, '..');
const reports = path.join(root, '.tmp');
fs.mkdirSync(reports, { recursive: true });
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

let passed = 0;
let failed = 0;
let skipped = 0;
const failures: string[] = [];

function run(title: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
	console.log(`\n━━ ${title} ━━`);
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
	return result.status === 0;
}

function check(title: string, command: string, args: string[]): void {
	if (run(title, command, args)) passed++;
	else {
		failed++;
		failures.push(title);
	}
}

function readJson<T>(file: string): T | undefined {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
	} catch {
		return undefined;
	}
}

interface VitestReport {
	numPassedTests: number;
	numFailedTests: number;
	numPendingTests: number;
	numTodoTests: number;
}

/** One vitest run as a tier: its tests count one by one; a run that did not finish counts as a failure. */
function vitestTier(name: string, title: string, args: string[]): void {
	const report = path.join(reports, `${name}.json`);
	fs.rmSync(report, { force: true });
	const ok = run(title, bin('vitest'), [
		'run',
		...args,
		'--reporter=default',
		'--reporter=json',
		`--outputFile.json=${report}`
	]);
	const result = readJson<VitestReport>(report);
	if (result) {
		passed += result.numPassedTests;
		failed += result.numFailedTests;
		skipped += result.numPendingTests + result.numTodoTests;
		if (result.numFailedTests > 0) failures.push(`${name}: ${result.numFailedTests} failed`);
	}
	if (!result || (!ok && result.numFailedTests === 0)) {
		failed++;
		failures.push(`${name} did not complete`);
	}
}

check('prettier', bin('prettier'), ['--check', '.']);
check('eslint', bin('eslint'), ['-c', 'tests/lint/eslint.config.js', '.']);
check('svelte-check', bin('svelte-check'), ['--tsconfig', './tsconfig.json', '--fail-on-warnings']);
check('build', bin('tsx'), ['src/server/build.ts']);

vitestTier('vitest', 'vitest (unit + integration)', ['--exclude', 'tests/security/**']);
vitestTier('security', 'security (tests/security)', ['tests/security']);

// Playwright: end-to-end against the built production server
const playwrightReport = path.join(reports, 'playwright.json');
fs.rmSync(playwrightReport, { force: true });
const playwrightOk = run(
	'playwright (end-to-end, Chromium)',
	bin('playwright'),
	['test', '-c', 'tests/playwright.config.ts'],
	{
		SHOAL_E2E_JSON: playwrightReport
	}
);
const playwright = readJson<{
	stats: { expected: number; unexpected: number; flaky: number; skipped: number };
}>(playwrightReport);
if (playwright) {
	passed += playwright.stats.expected;
	failed += playwright.stats.unexpected + playwright.stats.flaky;
	skipped += playwright.stats.skipped;
	if (playwright.stats.unexpected > 0) failures.push(`playwright: ${playwright.stats.unexpected} failed`);
}
if (!playwright || (!playwrightOk && playwright.stats.unexpected === 0)) {
	failed++;
	failures.push('playwright did not complete');
}

console.log('');
if (failures.length) console.log(`Failed: ${failures.join('; ')}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
