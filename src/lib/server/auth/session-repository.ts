import { eq } from 'drizzle-orm';
import type { ShoalDb } from '../db';
import { sessions, users } from '../db/schema';

export type SessionRow = typeof sessions.$inferSelect;
export type UserRow = typeof users.$inferSelect;

export function createSessionRepository(db: ShoalDb) {
	return {
		insert(row: SessionRow): void {
			db.insert(sessions).values(row).run();
		},
		findWithUser(id: string): { session: SessionRow; user: UserRow } | undefined {
			return db
				.select({ session: sessions, user: users })
				.from(sessions)
				.innerJoin(users, eq(users.id, sessions.userId))
				.where(eq(sessions.id, id))
				.get();
		},
		touch(id: string, at: number): void {
			db.update(sessions).set({ lastVerifiedAt: at }).where(eq(sessions.id, id)).run();
		},
		delete(id: string): void {
			db.delete(sessions).where(eq(sessions.id, id)).run();
		},
		deleteAllForUser(userId: string): string[] {
			return db
				.delete(sessions)
				.where(eq(sessions.userId, userId))
				.returning({ id: sessions.id })
				.all()
				.map((row) => row.id);
		}
	};
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;
