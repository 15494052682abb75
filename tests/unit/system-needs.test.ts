import { describe, expect, it } from 'vitest';
import {
	aptCommands,
	CHROMIUM,
	FFMPEG,
	FFPROBE,
	packagesFor,
	planNeeds,
	type SystemNeed
} from '../../src/server/system-needs';
import { TEST_NEEDS } from '../test-needs';

const WORDS = { forWhat: 'run its tests', rerun: 'npm test' };
const ROOT = { isRoot: true, hasAptGet: true };

describe('what a fresh machine is missing, and what to do about it', () => {
	it('the suite needs ffmpeg, ffprobe and Debian’s Chromium', () => {
		expect(TEST_NEEDS.map((need) => need.debianPackage)).toEqual(['ffmpeg', 'ffmpeg', 'chromium']);
	});

	it.each([
		[[], []],
		[[FFMPEG], ['ffmpeg']],
		[[FFMPEG, FFPROBE], ['ffmpeg']],
		[
			[FFPROBE, CHROMIUM],
			['ffmpeg', 'chromium']
		],
		[
			[FFMPEG, FFPROBE, CHROMIUM],
			['ffmpeg', 'chromium']
		]
	] as [SystemNeed[], string[]][])('missing %j → packages %j', (missing, packages) => {
		expect(packagesFor(missing)).toEqual(packages);
	});

	it('nothing missing: nothing to do, root or not', () => {
		expect(planNeeds([], ROOT, WORDS)).toEqual({ kind: 'ready' });
		expect(planNeeds([], { isRoot: false, hasAptGet: false }, WORDS)).toEqual({ kind: 'ready' });
	});

	it('root with apt-get installs each package once', () => {
		expect(planNeeds([FFMPEG, FFPROBE, CHROMIUM], ROOT, WORDS)).toEqual({
			kind: 'install',
			packages: ['ffmpeg', 'chromium']
		});
	});

	it.each([
		{ isRoot: false, hasAptGet: true },
		{ isRoot: true, hasAptGet: false }
	])('otherwise (%j) stops with one line naming what to install', (machine) => {
		const plan = planNeeds([FFPROBE, CHROMIUM], machine, WORDS);
		expect(plan).toEqual({
			kind: 'stop',
			message:
				'Shoal needs ffprobe, Chromium (/usr/bin/chromium) to run its tests. Install it (on Debian/Ubuntu: sudo apt-get install ffmpeg chromium) and run npm test again.'
		});
	});

	it('apt-get runs non-interactively: update once, then install without recommends', () => {
		expect(aptCommands(['ffmpeg', 'chromium'])).toEqual([
			['update', '-qq'],
			['install', '-y', '-qq', '--no-install-recommends', 'ffmpeg', 'chromium']
		]);
	});
});
