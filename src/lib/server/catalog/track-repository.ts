import { and, asc, eq, gte, max, sum } from 'drizzle-orm';
import type { ShoalDb } from '../db';
import { tracks } from '../db/schema';
import type { TrackStage } from '../../shared/catalog';
import type { PlacedTrack } from '../../shared/track-order';

export type TrackRow = typeof tracks.$inferSelect;

export function createTrackRepository(db: ShoalDb) {
	return {
		insert(row: TrackRow): void {
			db.insert(tracks).values(row).run();
		},
		findById(id: string): TrackRow | undefined {
			return db.select().from(tracks).where(eq(tracks.id, id)).get();
		},
		listByRelease(releaseId: string): TrackRow[] {
			return db
				.select()
				.from(tracks)
				.where(eq(tracks.releaseId, releaseId))
				.orderBy(asc(tracks.position), asc(tracks.createdAt))
				.all();
		},
		nextPosition(releaseId: string): number {
			const row = db
				.select({ last: max(tracks.position) })
				.from(tracks)
				.where(eq(tracks.releaseId, releaseId))
				.get();
			return (row?.last ?? 0) + 1;
		},
		/**
		 * Writes a new order (call inside a transaction). `byHand`: the artist ordered the tracks, so
		 * no upload batch of this release is reordered by its tags any more.
		 */
		place(releaseId: string, placed: PlacedTrack[], at: number, options: { byHand: boolean }): void {
			const before = new Map(
				db
					.select({ id: tracks.id, position: tracks.position, discNumber: tracks.discNumber })
					.from(tracks)
					.where(eq(tracks.releaseId, releaseId))
					.all()
					.map((row) => [row.id, row])
			);
			for (const track of placed) {
				const row = before.get(track.id);
				if (!row || (row.position === track.position && row.discNumber === track.discNumber)) continue;
				db.update(tracks)
					.set({ position: track.position, discNumber: track.discNumber, updatedAt: at })
					.where(eq(tracks.id, track.id))
					.run();
			}
			if (options.byHand)
				db.update(tracks).set({ uploadBatch: null }).where(eq(tracks.releaseId, releaseId)).run();
		},
		sourceBytesOfArtist(artistId: string): number {
			const row = db
				.select({ total: sum(tracks.sourceBytes) })
				.from(tracks)
				.where(eq(tracks.artistId, artistId))
				.get();
			return Number(row?.total ?? 0);
		},
		update(id: string, fields: Partial<Omit<TrackRow, 'id' | 'releaseId' | 'artistId' | 'createdAt'>>): void {
			db.update(tracks).set(fields).where(eq(tracks.id, id)).run();
		},
		setProgress(id: string, stage: TrackStage, progress: number, at: number): void {
			db.update(tracks)
				.set({ stage, progress, updatedAt: at })
				.where(and(eq(tracks.id, id), eq(tracks.status, 'processing')))
				.run();
		},
		delete(id: string): void {
			db.delete(tracks).where(eq(tracks.id, id)).run();
		},
		/** The artist's failed tracks, for the studio list to say which failed and why. */
		listFailedByArtist(artistId: string): TrackRow[] {
			return db
				.select()
				.from(tracks)
				.where(and(eq(tracks.artistId, artistId), eq(tracks.status, 'failed')))
				.orderBy(asc(tracks.releaseId), asc(tracks.position))
				.all();
		},
		/** For the live relay: rows changed at or after `since`, oldest first. */
		changedSince(since: number, limit = 200): TrackRow[] {
			return db
				.select()
				.from(tracks)
				.where(gte(tracks.updatedAt, since))
				.orderBy(asc(tracks.updatedAt))
				.limit(limit)
				.all();
		}
	};
}

export type TrackRepository = ReturnType<typeof createTrackRepository>;
