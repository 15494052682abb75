import { loadConfig } from '../../src/lib/server/config';
import { createAppContext } from '../../src/lib/server/context';
import { createLogger } from '../../src/lib/server/logger';
import { DEMO_SCENE, seedArtistRelease } from '../../src/server/demo/demo-catalogue';

let counter = 0;

export interface SeededRelease {
	handle: string;
	artistName: string;
	releaseId: string;
	releaseTitle: string;
	trackIds: string[];
	trackTitles: string[];
}

/**
 * Seeds a published release straight into the e2e server's data directory (the same SQLite file the
 * running server uses): an artist, a release and tracks synthesised by ffmpeg and registered like
 * uploads. The server's own media worker processes them; this waits until every track is ready, then
 * publishes. Returns what the test needs to find it in the UI.
 */
export async function seedPublishedRelease(
	spec: {
		label?: string;
		releaseTitle?: string;
		trackTitles?: string[];
		seconds?: number;
		codec?: 'flac' | 'pcm_s16le' | 'libmp3lame';
		tags?: string;
		publish?: boolean;
	} = {}
): Promise<SeededRelease> {
	counter++;
	const suffix = `${counter}${Date.now().toString(36)}`;
	const handle = `${spec.label ?? 'seeded'}${suffix}`
		.toLowerCase()
		.replace(/[^a-z0-9]/g, '')
		.slice(0, 30);
	const artistName = `Seeded ${spec.label ?? 'Artist'} ${counter}`;
	const releaseTitle = spec.releaseTitle ?? `Seeded Release ${suffix}`;
	const trackTitles = spec.trackTitles ?? ['First Light', 'Second Wind'];
	const styles = DEMO_SCENE.map((artist) => artist.style);
	const config = loadConfig({ ...process.env, DATA_DIR: process.env.SHOAL_E2E_DATA_DIR, SHOAL_DEMO: '0' });
	const context = createAppContext(config, {
		logger: createLogger({ logLevel: 'silent', logFormat: 'json' })
	});
	try {
		const seeded = await seedArtistRelease(
			context,
			{
				handle,
				name: artistName,
				bio: `A seeded artist for end-to-end tests.`,
				release: {
					title: releaseTitle,
					type: 'ep',
					description: 'Seeded by the end-to-end tests.',
					tags: spec.tags ?? 'test, seeded',
					licence: 'cc-by'
				},
				tracks: trackTitles.map((title, i) => ({
					title,
					style: styles[i % styles.length],
					codec: spec.codec ?? 'flac'
				}))
			},
			{ durationSeconds: spec.seconds ?? 20 }
		);
		const deadline = Date.now() + 120_000;
		for (;;) {
			const tracks = context.repositories.tracks.listByRelease(seeded.releaseId);
			const failed = tracks.find((track) => track.status === 'failed');
			if (failed) throw new Error(`seeded track failed: ${failed.error}`);
			if (tracks.every((track) => track.status === 'ready')) break;
			if (Date.now() > deadline) throw new Error('seeded tracks were not ready within 2 minutes');
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		if (spec.publish !== false) {
			const now = Date.now();
			context.repositories.releases.update(seeded.releaseId, {
				status: 'published',
				publishAt: now,
				updatedAt: now
			});
		}
		return {
			handle,
			artistName,
			releaseId: seeded.releaseId,
			releaseTitle,
			trackIds: seeded.trackIds,
			trackTitles
		};
	} finally {
		context.close();
	}
}
