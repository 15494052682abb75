import { eq } from 'drizzle-orm';
import type { ShoalDb } from '../db';
import { users } from '../db/schema';

/** The listener's public-facing fields on their account row. */
export function createListenerProfileRepository(db: ShoalDb) {
	return {
		find(userId: string): { displayName: string; bio: string } | undefined {
			return db
				.select({ displayName: users.displayName, bio: users.bio })
				.from(users)
				.where(eq(users.id, userId))
				.get();
		},
		update(userId: string, fields: { displayName: string; bio: string }): void {
			db.update(users).set(fields).where(eq(users.id, userId)).run();
		}
	};
}

export type ListenerProfileRepository = ReturnType<typeof createListenerProfileRepository>;
