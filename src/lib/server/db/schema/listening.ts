import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './accounts';
import { artists } from './artists';
import { tracks } from './catalog';

/**
 * Counted plays (heard ≥ 30 s or ≥ 50 %, at most once per listener, track and 10 minutes). Feeds
 * trending and play counts. `listener_key` tells listeners apart without storing who they are:
 * `u:<userId>` for signed-in listeners, `a:<hash>` for anonymous ones (a salted hash of address and
 * user agent whose salt rotates daily and is then forgotten).
 */
export const plays = sqliteTable(
	'plays',
	{
		id: text('id').primaryKey(),
		trackId: text('track_id')
			.notNull()
			.references(() => tracks.id, { onDelete: 'cascade' }),
		/** Denormalised from the track for per-artist figures. */
		artistId: text('artist_id')
			.notNull()
			.references(() => artists.id, { onDelete: 'cascade' }),
		listenerKey: text('listener_key').notNull(),
		playedAt: integer('played_at').notNull()
	},
	(table) => [
		index('plays_listener_idx').on(table.trackId, table.listenerKey, table.playedAt),
		index('plays_played_at_idx').on(table.playedAt)
	]
);

/** What a signed-in listener heard, for their own history page; they can clear it (plays stay counted). */
export const listeningHistory = sqliteTable(
	'listening_history',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		trackId: text('track_id')
			.notNull()
			.references(() => tracks.id, { onDelete: 'cascade' }),
		playedAt: integer('played_at').notNull()
	},
	(table) => [index('listening_history_user_idx').on(table.userId, table.playedAt)]
);
