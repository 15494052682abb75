import type { z } from 'zod';
import type { TrackCredits } from '../../shared/credits';
import { isSyncedLyrics } from '../../shared/lyrics';
import { lyricsSchema, trackCreditsSchema, type TrackCreditsInput } from '../../shared/schemas/credits';
import type { Actor } from '../artists/artist-service';
import type { Clock } from '../clock';
import type { ShoalDb } from '../db';
import { ServiceError } from '../errors';
import type { CatalogService } from './catalog-service';
import type { CreditRowInput, CreditsRepository } from './credits-repository';

/** "artists.2.name" → message: one per row field, so the studio shows it beside that input. */
function rowErrors(error: z.ZodError): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = issue.path.length ? issue.path.map(String).join('.') : 'form';
		errors[key] ??= issue.message;
	}
	return errors;
}

/**
 * A track's own artists, credits by role and lyrics, as the artist edits them in the studio. Only
 * the track's owner (or an admin) may read them here or change them.
 */
export function createCreditsService(deps: {
	db: ShoalDb;
	credits: CreditsRepository;
	catalog: Pick<CatalogService, 'trackForOwner'>;
	clock: Clock;
}) {
	const { db, credits, catalog, clock } = deps;

	function parseCredits(raw: unknown): TrackCreditsInput {
		const result = trackCreditsSchema.safeParse(raw);
		if (!result.success) {
			throw new ServiceError('invalid', 'Please correct the highlighted rows.', rowErrors(result.error));
		}
		return result.data as TrackCreditsInput;
	}

	return {
		forOwner(actor: Actor, trackId: string) {
			const { track, release } = catalog.trackForOwner(actor, trackId);
			const lyrics = credits.lyricsOf(track.id);
			return {
				track,
				release,
				credits: credits.creditsOf(track.id),
				lyrics: lyrics ? { text: lyrics.text, synced: lyrics.synced, source: lyrics.source } : null
			};
		},

		/** Replaces the track's artists and credits; a handle must name an existing Shoal artist. */
		saveCredits(actor: Actor, trackId: string, raw: unknown): TrackCredits {
			const { track } = catalog.trackForOwner(actor, trackId);
			const input = parseCredits(raw);
			const handles = [...new Set(input.artists.map((a) => a.handle).filter(Boolean))];
			const found = credits.artistIdsByHandle(handles);
			const errors: Record<string, string> = {};
			input.artists.forEach((artist, i) => {
				if (artist.handle && !found.has(artist.handle))
					errors[`artists.${i}.handle`] = `No Shoal artist has the handle @${artist.handle}.`;
			});
			if (Object.keys(errors).length) {
				throw new ServiceError('invalid', 'Please correct the highlighted rows.', errors);
			}
			const rows: CreditRowInput[] = [
				...input.artists.map((a) => ({
					role: a.role,
					name: a.name,
					detail: '',
					artistId: a.handle ? (found.get(a.handle) ?? null) : null
				})),
				...input.credits.map((c) => ({
					role: c.role,
					name: c.name,
					detail: c.detail,
					artistId: null
				}))
			];
			db.transaction(() => credits.replace(track.id, rows, clock.now()), { behavior: 'immediate' });
			return credits.creditsOf(track.id);
		},

		/** Plain or LRC, told apart by the text itself; empty text removes the lyrics. */
		saveLyrics(actor: Actor, trackId: string, raw: unknown): { synced: boolean } | null {
			const { track } = catalog.trackForOwner(actor, trackId);
			const result = lyricsSchema.safeParse(raw);
			if (!result.success) {
				throw new ServiceError('invalid', result.error.issues[0].message, {
					lyrics: result.error.issues[0].message
				});
			}
			const text = result.data.lyrics;
			if (!text) {
				credits.deleteLyrics(track.id);
				return null;
			}
			const synced = isSyncedLyrics(text);
			credits.setLyrics(track.id, { text, synced, source: 'artist', updatedAt: clock.now() });
			return { synced };
		}
	};
}

export type CreditsService = ReturnType<typeof createCreditsService>;
