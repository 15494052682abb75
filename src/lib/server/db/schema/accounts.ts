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
	passwordChangedAt: integer('password_changed_at').notNull(),
	/** Plain text shown on the listener's profile. */
	bio: text('bio').notNull().default(''),
	/** Media-store key of the published avatar sizes, once the worker made them. */
	avatarKey: text('avatar_key'),
	/** Media-store key of the uploaded avatar original, while it waits for the worker. */
	avatarSourceKey: text('avatar_source_key'),
	/** The avatar job, so a failure (and its reason) reaches the person. */
	avatarJobId: text('avatar_job_id')
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

export const ACCOUNT_TOKEN_PURPOSES = ['password_reset', 'email_change', 'sign_up'] as const;
export type AccountTokenPurpose = (typeof ACCOUNT_TOKEN_PURPOSES)[number];

/**
 * One-time links mailed to people (password reset, email change, finishing a sign-up). Only
 * SHA-256(token) is stored; a row is used once (used_at) and dies at expires_at. Times are epoch ms.
 */
export const accountTokens = sqliteTable(
	'account_tokens',
	{
		id: text('id').primaryKey(),
		purpose: text('purpose', { enum: ACCOUNT_TOKEN_PURPOSES }).notNull(),
		tokenHash: blob('token_hash', { mode: 'buffer' }).notNull().unique(),
		/** The account it acts on; null for a sign-up, whose account does not exist yet. */
		userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
		/** The address the link was mailed to (the new address for an email change). */
		email: text('email').notNull(),
		/** What a sign-up needs once confirmed: display name, password hash, artist wish. */
		payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>(),
		createdAt: integer('created_at').notNull(),
		expiresAt: integer('expires_at').notNull(),
		usedAt: integer('used_at')
	},
	(table) => [index('account_tokens_user_idx').on(table.userId)]
);
