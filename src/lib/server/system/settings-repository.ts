import { eq } from 'drizzle-orm';
import type { ShoalDb } from '../db';
import { settings } from '../db/schema';

export function createSettingsRepository(db: ShoalDb) {
	return {
		get(key: string): string | undefined {
			return db.select().from(settings).where(eq(settings.key, key)).get()?.value;
		},
		/** Sets the key only if it is not set yet; true when this call set it (a once-only guard). */
		claim(key: string, value: string, at: number): boolean {
			return (
				db.insert(settings).values({ key, value, updatedAt: at }).onConflictDoNothing().run().changes > 0
			);
		}
	};
}
