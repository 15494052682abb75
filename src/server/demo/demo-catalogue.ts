import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createFfmpegRunner, type FfmpegRunner } from '../../../media-worker/ffmpeg/runner';
import { hashPassword } from '../../lib/server/auth/passwords';
import type { AppContext } from '../../lib/server/context';
import { newId } from '../../lib/server/ids';
import { DEMO_SEEDED_KEY } from '../../lib/server/system/settings-repository';
import { artworkSvg } from './artwork-svg';
import { compose, type Style } from './compose';
import { DEMO_SCENE, type DemoArtist, type DemoRelease } from './demo-data';
import { encodeArgs, rasteriseArgs, type DemoCodec } from './synth-args';
import { renderWav } from './synth';

/**
 * A newcomer should land on a Shoal that looks like a scene. On an empty database (no artists, never
 * seeded before) this creates the demo artists of demo-data.ts with their releases: each track is
 * composed (compose.ts), rendered (synth.ts), encoded by ffmpeg and registered like an upload, so the
 * real media worker processes it; each cover is drawn (artwork-svg.ts), rasterised and set through the
 * same path as an artist's cover. Releases are published once their tracks are ready. SHOAL_DEMO=0
 * turns it off; the home page says that this is a demo instance while the demo artists exist.
 */
export { DEMO_SCENE };

const EXTENSION: Record<DemoCodec, string> = { flac: 'flac', pcm_s16le: 'wav', libmp3lame: 'mp3' };

export async function seedDemoCatalogueIfEmpty(
	context: AppContext,
	options: { durationSeconds?: number; runner?: FfmpegRunner; artists?: DemoArtist[] } = {}
): Promise<'seeded' | 'skipped'> {
	const { config, logger, repositories } = context;
	if (!config.demoCatalogue) return 'skipped';
	const { settings } = repositories;
	if (repositories.artists.newest(1).length > 0) return 'skipped';
	// Claimed before any work, so a restart halfway never seeds twice.
	if (!settings.claim(DEMO_SEEDED_KEY, String(context.clock.now()), context.clock.now())) return 'skipped';

	const runner = options.runner ?? createFfmpegRunner();
	const releaseIds: string[] = [];
	logger.info('seeding the demo catalogue (set SHOAL_DEMO=0 to skip)');
	for (const artist of options.artists ?? DEMO_SCENE) {
		const actor = await createDemoArtist(context, artist);
		for (const [index, release] of artist.releases.entries()) {
			const seeded = await seedRelease(context, actor, artist, release, {
				runner,
				durationSeconds: options.durationSeconds,
				seed: hash(`${artist.handle}/${index}`)
			});
			releaseIds.push(seeded.releaseId);
		}
	}
	publishWhenReady(context, releaseIds);
	return 'seeded';
}

/** What the end-to-end tests and benches seed: one artist, one release, tracks in the given styles. */
export interface SeedSpec {
	handle: string;
	name: string;
	bio: string;
	release: Omit<DemoRelease, 'codec' | 'motif' | 'tracks'>;
	tracks: Array<{ title: string; style: Style; codec: DemoCodec }>;
}

/**
 * Creates one artist (an account nobody can sign into) with one draft release whose tracks are
 * composed and registered like uploads; the media worker then processes them.
 */
export async function seedArtistRelease(
	context: AppContext,
	spec: SeedSpec,
	options: { durationSeconds?: number; runner?: FfmpegRunner } = {}
): Promise<{ userId: string; releaseId: string; trackIds: string[] }> {
	const runner = options.runner ?? createFfmpegRunner();
	const actor = await createDemoArtist(context, spec);
	const release = context.catalog.createRelease(actor, { ...spec.release, releaseDate: '' });
	const trackIds: string[] = [];
	for (const [index, track] of spec.tracks.entries()) {
		const seconds = options.durationSeconds ?? 40;
		trackIds.push(
			await seedTrack(context, actor, release.id, track, seconds, hash(`${spec.handle}/${index}`), runner)
		);
	}
	return { userId: actor.userId, releaseId: release.id, trackIds };
}

async function seedRelease(
	context: AppContext,
	actor: { userId: string; isAdmin: boolean },
	artist: DemoArtist,
	release: DemoRelease,
	options: { runner: FfmpegRunner; durationSeconds?: number; seed: number }
): Promise<{ releaseId: string }> {
	const { tracks: _tracks, codec: _codec, motif: _motif, ...fields } = release;
	const created = context.catalog.createRelease(actor, { ...fields, releaseDate: '' });
	await setGeneratedCover(context, actor, created.id, artist, release, options);
	for (const [index, track] of release.tracks.entries()) {
		const style = { ...artist.style, ...track.tweak };
		await seedTrack(
			context,
			actor,
			created.id,
			{ title: track.title, style, codec: release.codec },
			options.durationSeconds ?? track.seconds,
			options.seed + index * 7919,
			options.runner
		);
	}
	return { releaseId: created.id };
}

async function seedTrack(
	context: AppContext,
	actor: { userId: string; isAdmin: boolean },
	releaseId: string,
	track: { title: string; style: Style; codec: DemoCodec },
	seconds: number,
	seed: number,
	runner: FfmpegRunner
): Promise<string> {
	const { config, catalog, repositories } = context;
	await fs.mkdir(config.uploadsDir, { recursive: true });
	const base = path.join(config.uploadsDir, `demo-${newId(9)}`);
	const wav = `${base}.composed.wav`;
	const file = `${base}.${EXTENSION[track.codec]}`;
	renderWav(compose(track.style, seconds, seed), wav);
	if (track.codec === 'pcm_s16le') await fs.rename(wav, file);
	else {
		await runner.run(encodeArgs({ input: wav, output: file, codec: track.codec }), {
			timeoutMs: 10 * 60_000
		});
		await fs.rm(wav, { force: true });
	}
	const registered = await catalog.registerUpload(actor, {
		releaseId,
		filePath: file,
		originalName: `${track.title}.${EXTENSION[track.codec]}`
	});
	repositories.tracks.update(registered.id, { title: track.title });
	return registered.id;
}

async function setGeneratedCover(
	context: AppContext,
	actor: { userId: string; isAdmin: boolean },
	releaseId: string,
	artist: DemoArtist,
	release: DemoRelease,
	options: { runner: FfmpegRunner; seed: number }
): Promise<void> {
	const base = path.join(context.config.uploadsDir, `demo-cover-${newId(9)}`);
	await fs.mkdir(context.config.uploadsDir, { recursive: true });
	await fs.writeFile(
		`${base}.svg`,
		artworkSvg({ motif: release.motif, palette: artist.palette, seed: options.seed })
	);
	try {
		await options.runner.run(rasteriseArgs({ svg: `${base}.svg`, jpeg: `${base}.jpg` }), {
			timeoutMs: 60_000
		});
		await context.catalog.setCover(actor, releaseId, `${base}.jpg`);
	} catch (error) {
		// A demo without a cover is still a demo: the letter tile stands in.
		context.logger.warn({ err: error, releaseId }, 'could not make a demo cover');
	} finally {
		await fs.rm(`${base}.svg`, { force: true });
	}
}

async function createDemoArtist(context: AppContext, demo: { handle: string; name: string; bio: string }) {
	const now = context.clock.now();
	const userId = newId();
	// Demo accounts cannot be signed into: their password is random and never shown.
	context.repositories.users.insert({
		id: userId,
		email: `demo+${demo.handle}@shoal.invalid`,
		displayName: demo.name,
		passwordHash: await hashPassword(randomBytes(32).toString('base64url')),
		isAdmin: false,
		createdAt: now,
		passwordChangedAt: now
	});
	const actor = { userId, isAdmin: false };
	context.artists.createProfile(actor, { handle: demo.handle, name: demo.name, bio: demo.bio, links: [] });
	return actor;
}

function hash(text: string): number {
	let h = 2166136261;
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
	return h >>> 0;
}

/** Publishes each demo release as soon as all its tracks are ready (a failed track leaves it a draft). */
function publishWhenReady(context: AppContext, releaseIds: string[]): void {
	const waiting = new Set(releaseIds);
	const timer = setInterval(() => {
		// The process is shutting down (or a test closed its context): nothing left to publish into.
		if (!context.dbHandle.sqlite.open) waiting.clear();
		for (const id of waiting) {
			const release = context.repositories.releases.findById(id);
			if (!release) {
				waiting.delete(id);
				continue;
			}
			const tracks = context.repositories.tracks.listByRelease(id);
			if (tracks.some((t) => t.status === 'failed')) {
				context.logger.warn({ releaseId: id }, 'a demo track failed; its release stays a draft');
				waiting.delete(id);
			} else if (tracks.length && tracks.every((t) => t.status === 'ready')) {
				const fields = {
					status: 'published' as const,
					publishAt: context.clock.now(),
					updatedAt: context.clock.now()
				};
				context.repositories.releases.update(id, fields);
				waiting.delete(id);
			}
		}
		if (waiting.size === 0) clearInterval(timer);
	}, 2000);
	timer.unref();
}
