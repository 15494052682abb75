import { CHROMIUM, ensureSystemNeeds, FFMPEG, FFPROBE, type SystemNeed } from '../src/server/system-needs';

/**
 * What the suite needs from the machine: ffmpeg and ffprobe (the integration tier processes real
 * audio) and Debian's Chromium (the end-to-end tier). A tier that needs PostgreSQL or Redis adds its
 * row here.
 */
export const TEST_NEEDS: readonly SystemNeed[] = [FFMPEG, FFPROBE, CHROMIUM];

/** Installs what is missing when root (Debian's packages), or stops at once with one line saying what to install. */
export function ensureTestNeeds(): void {
	ensureSystemNeeds(TEST_NEEDS, { forWhat: 'run its tests', rerun: 'npm test' });
}
