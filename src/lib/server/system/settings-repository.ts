import { eq } from 'drizzle-orm';
import type { ShoalDb } from '../db';
import { settings } from '../db/schema';

/** Set once the demo catalogue has been seeded into this instance (src/server/demo). */
export const DEMO_SEEDED_KEY = 'demo_catalogue_seeded_at';

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

export type SettingsRepository = ReturnType<typeof createSettingsRepository>;
