import { and, asc, eq, inArray, max, sql } from 'drizzle-orm';
import type { ShoalDb } from '../db';
import { artists, trackCredits, trackLyrics } from '../db/schema';
import {
	ARTIST_ROLES,
	type ArtistRole,
	type CreditRole,
	type TrackArtistCredit,
	type TrackCredit,
	type TrackCredits
} from '../../shared/credits';

/** One row to write: a track artist (main/featured) or a credit by role. */
export interface CreditRowInput {
	role: ArtistRole | CreditRole;
	name: string;
	detail: string;
	artistId: string | null;
}

export interface LyricsRow {
	text: string;
	synced: boolean;
	source: 'tags' | 'artist';
	updatedAt: number;
}

const isArtistRole = (role: string): role is ArtistRole => (ARTIST_ROLES as readonly string[]).includes(role);

type JoinedRow = {
	trackId: string;
	role: ArtistRole | CreditRole;
	name: string;
	detail: string;
	handle: string | null;
};

function toCredits(rows: JoinedRow[]): TrackCredits {
	const artistsOut: TrackArtistCredit[] = [];
	const credits: TrackCredit[] = [];
	for (const row of rows) {
		if (isArtistRole(row.role)) artistsOut.push({ role: row.role, name: row.name, handle: row.handle });
		else credits.push({ role: row.role, name: row.name, detail: row.detail, handle: row.handle });
	}
	return { artists: artistsOut, credits };
}

/** Track artists, credits and lyrics: the SQL for both the web side and the worker. */
export function createCreditsRepository(db: ShoalDb) {
	function selectJoined(trackIds: string[]): JoinedRow[] {
		if (!trackIds.length) return [];
		return db
			.select({
				trackId: trackCredits.trackId,
				role: trackCredits.role,
				name: trackCredits.name,
				detail: trackCredits.detail,
				handle: artists.handle
			})
			.from(trackCredits)
			.leftJoin(artists, eq(artists.id, trackCredits.artistId))
			.where(inArray(trackCredits.trackId, trackIds))
			.orderBy(asc(trackCredits.trackId), asc(trackCredits.position))
			.all();
	}

	function insertRows(trackId: string, rows: CreditRowInput[], from: number, at: number): void {
		if (!rows.length) return;
		db.insert(trackCredits)
			.values(rows.map((row, i) => ({ ...row, trackId, position: from + i, createdAt: at })))
			.run();
	}

	return {
		creditsOf(trackId: string): TrackCredits {
			return toCredits(selectJoined([trackId]));
		},

		/** Credits of many tracks in one query; tracks without any get empty lists. */
		creditsOfTracks(trackIds: string[]): Map<string, TrackCredits> {
			const byTrack = new Map<string, JoinedRow[]>(trackIds.map((id) => [id, []]));
			for (const row of selectJoined(trackIds)) byTrack.get(row.trackId)?.push(row);
			return new Map([...byTrack].map(([id, rows]) => [id, toCredits(rows)]));
		},

		/** Which kinds the track has: its own artists, credits by role. */
		kindsOf(trackId: string): { artists: boolean; credits: boolean } {
			const rows = db
				.select({ role: trackCredits.role })
				.from(trackCredits)
				.where(eq(trackCredits.trackId, trackId))
				.all();
			return {
				artists: rows.some((row) => isArtistRole(row.role)),
				credits: rows.some((row) => !isArtistRole(row.role))
			};
		},

		/** Replaces everything; call inside a transaction. Positions are 1..n in the order given. */
		replace(trackId: string, rows: CreditRowInput[], at: number): void {
			db.delete(trackCredits).where(eq(trackCredits.trackId, trackId)).run();
			insertRows(trackId, rows, 1, at);
		},

		/** Adds rows after the existing ones; call inside a transaction. */
		append(trackId: string, rows: CreditRowInput[], at: number): void {
			const last = db
				.select({ last: max(trackCredits.position) })
				.from(trackCredits)
				.where(eq(trackCredits.trackId, trackId))
				.get();
			insertRows(trackId, rows, (last?.last ?? 0) + 1, at);
		},

		/** Artist ids for these handles (lower-case), those that exist. */
		artistIdsByHandle(handles: string[]): Map<string, string> {
			if (!handles.length) return new Map();
			const rows = db
				.select({ id: artists.id, handle: artists.handle })
				.from(artists)
				.where(inArray(artists.handle, handles))
				.all();
			return new Map(rows.map((row) => [row.handle, row.id]));
		},

		artistName(artistId: string): string | null {
			return (
				db.select({ name: artists.name }).from(artists).where(eq(artists.id, artistId)).get()?.name ?? null
			);
		},

		lyricsOf(trackId: string): LyricsRow | undefined {
			return db
				.select({
					text: trackLyrics.text,
					synced: trackLyrics.synced,
					source: trackLyrics.source,
					updatedAt: trackLyrics.updatedAt
				})
				.from(trackLyrics)
				.where(eq(trackLyrics.trackId, trackId))
				.get();
		},

		/** Whether any of these tracks has lyrics. */
		tracksWithLyrics(trackIds: string[]): Set<string> {
			if (!trackIds.length) return new Set();
			const rows = db
				.select({ trackId: trackLyrics.trackId })
				.from(trackLyrics)
				.where(and(inArray(trackLyrics.trackId, trackIds), sql`length(${trackLyrics.text}) > 0`))
				.all();
			return new Set(rows.map((row) => row.trackId));
		},

		setLyrics(trackId: string, row: LyricsRow): void {
			db.insert(trackLyrics)
				.values({ trackId, ...row })
				.onConflictDoUpdate({ target: trackLyrics.trackId, set: row })
				.run();
		},

		/** Only when the track has none yet; true when written. */
		addLyricsIfNone(trackId: string, row: LyricsRow): boolean {
			return (
				db
					.insert(trackLyrics)
					.values({ trackId, ...row })
					.onConflictDoNothing()
					.run().changes === 1
			);
		},

		deleteLyrics(trackId: string): void {
			db.delete(trackLyrics).where(eq(trackLyrics.trackId, trackId)).run();
		}
	};
}

export type CreditsRepository = ReturnType<typeof createCreditsRepository>;
