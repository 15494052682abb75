import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/app-context';

/**
 * A committed `.only` makes every other test in its run silently not run, so a green suite would
 * prove nothing. Each tier refuses it: the lint tier (an eslint rule, so it fails locally too),
 * vitest (`allowOnly: false`) and Playwright (`forbidOnly: true`). Each is tried here for real.
 */

const bin = (name: string) => path.join(PROJECT_ROOT, 'node_modules', '.bin', name);
const probeName = (suffix: string) => `only-probe-${process.pid}-${Date.now()}${suffix}`;

/** Writes `source` as a file in the suite, runs `check` on it and always removes it again. */
function withProbe<T>(dir: string, suffix: string, source: string, check: (relative: string) => T): T {
	const file = path.join(PROJECT_ROOT, dir, probeName(suffix));
	fs.writeFileSync(file, source);
	try {
		return check(path.relative(PROJECT_ROOT, file));
	} finally {
		fs.rmSync(file, { force: true });
	}
}

describe('the lint tier refuses a focused test', () => {
	const eslint = new ESLint({ cwd: PROJECT_ROOT, overrideConfigFile: 'tests/lint/eslint.config.js' });
	async function ruleHits(source: string): Promise<string[]> {
		const [result] = await eslint.lintText(source, {
			filePath: path.join(PROJECT_ROOT, 'tests/unit/probe.test.ts')
		});
		// Only the rule under test: the snippets leave imports unused on purpose.
		return result.messages
			.filter((m) => m.severity === 2 && m.ruleId === 'no-restricted-syntax')
			.map((m) => m.message);
	}

	it.each([
		"it.only('x', () => {});",
		"test.only('x', () => {});",
		"describe.only('x', () => {});",
		"suite.only('x', () => {});",
		"it.only.each([1])('x %i', () => {});",
		"describe.only.each([1])('x %i', () => {});",
		"test.describe.only('x', () => {});"
	])('%s is an error', async (line) => {
		expect(await ruleHits(`import { it, test, describe, suite } from 'vitest';\n${line}\n`)).toEqual([
			'Remove `.only`: it would skip every other test.'
		]);
	});

	it.each([
		"it('x', () => {});",
		"test.describe('x', () => {});",
		"it.each([1])('x %i', () => {});",
		'const only = { only: 1 }.only;\nexport default only;'
	])('%s is fine', async (line) => {
		expect(await ruleHits(`import { it, test, describe, suite } from 'vitest';\n${line}\n`)).toEqual([]);
	});
});

describe('the test runners refuse a focused test', () => {
	it('vitest fails the run instead of skipping the rest', () => {
		const result = withProbe(
			'tests/unit',
			'.test.ts',
			"import { expect, it } from 'vitest';\nit.only('focused', () => expect(1).toBe(1));\nit('other', () => expect(1).toBe(1));\n",
			(file) =>
				spawnSync(bin('vitest'), ['run', file], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 120_000 })
		);
		expect(`${result.stdout}${result.stderr}`).toMatch(/Unexpected \.only modifier/);
		expect(result.status).not.toBe(0);
	});

	it('Playwright fails the run instead of skipping the rest', () => {
		const result = withProbe(
			'tests/e2e',
			'.spec.ts',
			"import { test } from '@playwright/test';\ntest.only('focused', () => {});\ntest('other', () => {});\n",
			(file) =>
				spawnSync(bin('playwright'), ['test', '-c', 'tests/playwright.config.ts', '--list', file], {
					cwd: PROJECT_ROOT,
					encoding: 'utf8',
					timeout: 120_000
				})
		);
		expect(`${result.stdout}${result.stderr}`).toMatch(/not allowed due to the 'forbidOnly' option/);
		expect(result.status).not.toBe(0);
	});
});
