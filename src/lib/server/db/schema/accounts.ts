import { sql } from 'drizzle-orm';
import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** People with an account. Every signed-in person is a listener; artists also own an artist row. */
export const users = sqliteTable('users', {
	id: text('id').primaryKey(),
	/** Stored lowercased and trimmed; unique. */
	email: text('email').notNull().unique(),
	displayName: text('display_name').notNull(),
	passwordHash: text('password_hash').notNull(),
	isAdmin: integer('is_admin', { mode: 'boolean' }).notNull().default(false),
	createdAt: integer('created_at').notNull(),
	passwordChangedAt: integer('password_changed_at').notNull()
});

/**
 * Sessions (Lucia's current guide): the cookie holds `<id>.<secret>`; only SHA-256(secret) is stored.
 * Times are epoch milliseconds.
 */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
		createdAt: integer('created_at').notNull(),
		lastVerifiedAt: integer('last_verified_at').notNull()
	},
	(table) => [index('sessions_user_id_idx').on(table.userId)]
);

/** Sign-in failures per key (`account:<email>` or `ip:<address>`), for throttling. */
export const authThrottle = sqliteTable('auth_throttle', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull(),
	windowStartedAt: integer('window_started_at').notNull(),
	blockedUntil: integer('blocked_until')
		.notNull()
		.default(sql`0`)
});
