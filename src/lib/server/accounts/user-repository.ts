import { eq } from 'drizzle-orm';
import type { ShoalDb } from '../db';
import { users } from '../db/schema';

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;

export function createUserRepository(db: ShoalDb) {
	return {
		insert(row: NewUserRow): void {
			db.insert(users).values(row).run();
		},
		findByEmail(email: string): UserRow | undefined {
			return db.select().from(users).where(eq(users.email, email)).get();
		},
		findById(id: string): UserRow | undefined {
			return db.select().from(users).where(eq(users.id, id)).get();
		},
		setPassword(id: string, passwordHash: string, at: number): void {
			db.update(users).set({ passwordHash, passwordChangedAt: at }).where(eq(users.id, id)).run();
		},
		setAdmin(email: string, isAdmin: boolean): boolean {
			return db.update(users).set({ isAdmin }).where(eq(users.email, email)).run().changes > 0;
		}
	};
}

export type UserRepository = ReturnType<typeof createUserRepository>;
