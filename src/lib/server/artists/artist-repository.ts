import { desc, eq } from 'drizzle-orm';
import type { ShoalDb } from '../db';
import { artists } from '../db/schema';

export type ArtistRow = typeof artists.$inferSelect;
export type NewArtistRow = typeof artists.$inferInsert;

export function createArtistRepository(db: ShoalDb) {
	return {
		insert(row: NewArtistRow): void {
			db.insert(artists).values(row).run();
		},
		update(
			id: string,
			fields: Pick<ArtistRow, 'handle' | 'name' | 'bio' | 'links' | 'updatedAt'> &
				Partial<Pick<ArtistRow, 'featuredReleaseId'>>
		): void {
			db.update(artists).set(fields).where(eq(artists.id, id)).run();
		},
		findByHandle(handle: string): ArtistRow | undefined {
			return db.select().from(artists).where(eq(artists.handle, handle)).get();
		},
		findByUserId(userId: string): ArtistRow | undefined {
			return db.select().from(artists).where(eq(artists.userId, userId)).get();
		},
		findById(id: string): ArtistRow | undefined {
			return db.select().from(artists).where(eq(artists.id, id)).get();
		},
		newest(limit: number): ArtistRow[] {
			return db.select().from(artists).orderBy(desc(artists.createdAt)).limit(limit).all();
		}
	};
}

export type ArtistRepository = ReturnType<typeof createArtistRepository>;
