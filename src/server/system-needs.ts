import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * What Shoal needs from the machine beyond npm (ffmpeg for `npm start`; ffmpeg and Chromium for
 * `npm test`), as one small table: a later tier that needs PostgreSQL or Redis adds one row
 * (`{ what: 'PostgreSQL', debianPackage: 'postgresql', present: canConnect }`). When something is
 * missing, root on Debian installs it from Debian's packages; anyone else is told in one line what to
 * install, at once, before anything slow happens.
 */
export interface SystemNeed {
	/** What a person is told is missing. */
	what: string;
	/** The Debian package that provides it. */
	debianPackage: string;
	/** Whether it is here and works. */
	present: () => boolean;
}

export function hasCommand(command: string, args: string[] = ['-version']): boolean {
	return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

export const FFMPEG: SystemNeed = {
	what: 'ffmpeg',
	debianPackage: 'ffmpeg',
	present: () => hasCommand('ffmpeg')
};
export const FFPROBE: SystemNeed = {
	what: 'ffprobe',
	debianPackage: 'ffmpeg',
	present: () => hasCommand('ffprobe')
};
/** Playwright cannot download its own browser here: the tests run Debian's (see tests/chromium.ts). */
export const CHROMIUM_BINARY = '/usr/bin/chromium';
export const CHROMIUM: SystemNeed = {
	what: `Chromium (${CHROMIUM_BINARY})`,
	debianPackage: 'chromium',
	present: () => fs.existsSync(CHROMIUM_BINARY)
};

/** The Debian packages that provide the missing needs, each once, in table order. */
export function packagesFor(missing: readonly SystemNeed[]): string[] {
	return [...new Set(missing.map((need) => need.debianPackage))];
}

export type NeedsPlan =
	{ kind: 'ready' } | { kind: 'install'; packages: string[] } | { kind: 'stop'; message: string };

/**
 * What to do about what is missing: nothing, install (root with apt-get), or stop with one line.
 * `forWhat` finishes "Shoal needs … to <forWhat>"; `rerun` is the command to run again afterwards.
 */
export function planNeeds(
	missing: readonly SystemNeed[],
	machine: { isRoot: boolean; hasAptGet: boolean },
	words: { forWhat: string; rerun: string }
): NeedsPlan {
	if (missing.length === 0) return { kind: 'ready' };
	const packages = packagesFor(missing);
	if (machine.isRoot && machine.hasAptGet) return { kind: 'install', packages };
	const names = missing.map((need) => need.what).join(', ');
	return {
		kind: 'stop',
		message: `Shoal needs ${names} to ${words.forWhat}. Install it (on Debian/Ubuntu: sudo apt-get install ${packages.join(' ')}) and run ${words.rerun} again.`
	};
}

/** The `apt-get` argument lists that install `packages`, non-interactively. */
export function aptCommands(packages: readonly string[]): string[][] {
	return [
		['update', '-qq'],
		['install', '-y', '-qq', '--no-install-recommends', ...packages]
	];
}

/**
 * Makes sure every need is present: returns when it is, installs from Debian's packages when root,
 * and otherwise prints one line and exits with status 1.
 */
export function ensureSystemNeeds(
	needs: readonly SystemNeed[],
	words: { forWhat: string; rerun: string },
	isRoot = process.getuid?.() === 0
): void {
	const missing = needs.filter((need) => !need.present());
	const plan = planNeeds(
		missing,
		{ isRoot, hasAptGet: isRoot && hasCommand('apt-get', ['--version']) },
		words
	);
	if (plan.kind === 'ready') return;
	if (plan.kind === 'stop') {
		console.error(plan.message);
		process.exit(1);
	}
	console.log(`Installing from Debian's packages: ${plan.packages.join(' ')} (needed to ${words.forWhat})…`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of aptCommands(plan.packages)) {
		const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
		if (result.status !== 0) break;
	}
	const stillMissing = missing.filter((need) => !need.present());
	if (stillMissing.length > 0) {
		console.error(
			`Installing ${packagesFor(stillMissing).join(' ')} failed. Install it yourself (apt-get install ${packagesFor(stillMissing).join(' ')}) and run ${words.rerun} again.`
		);
		process.exit(1);
	}
}
