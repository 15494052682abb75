import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ARTIST_ROLES, CREDIT_ROLES } from '../../../shared/credits';
import { artists } from './artists';
import { tracks } from './catalog';

export const TRACK_CREDIT_ROLES = [...ARTIST_ROLES, ...CREDIT_ROLES] as const;
export const LYRICS_SOURCES = ['tags', 'artist'] as const;

/**
 * A track's own artists (roles main and featured) and its credits by role, in the order the artist
 * gave them. Names are kept exactly as written; `artist_id` links a name to a Shoal artist.
 */
export const trackCredits = sqliteTable(
	'track_credits',
	{
		trackId: text('track_id')
			.notNull()
			.references(() => tracks.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		role: text('role', { enum: TRACK_CREDIT_ROLES }).notNull(),
		name: text('name').notNull(),
		/** A performer's instrument, or the role's own name for "other". */
		detail: text('detail').notNull().default(''),
		artistId: text('artist_id').references(() => artists.id, { onDelete: 'set null' }),
		createdAt: integer('created_at').notNull()
	},
	(table) => [
		primaryKey({ columns: [table.trackId, table.position] }),
		index('track_credits_artist_idx').on(table.artistId)
	]
);

/** Lyrics as written: plain text or LRC (`synced` says which, worked out when saved). */
export const trackLyrics = sqliteTable('track_lyrics', {
	trackId: text('track_id')
		.primaryKey()
		.references(() => tracks.id, { onDelete: 'cascade' }),
	text: text('text').notNull(),
	synced: integer('synced', { mode: 'boolean' }).notNull(),
	source: text('source', { enum: LYRICS_SOURCES }).notNull(),
	updatedAt: integer('updated_at').notNull()
});
