import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './accounts';

/** An artist profile. One per user for now; the public page lives at /@handle. */
export const artists = sqliteTable('artists', {
	id: text('id').primaryKey(),
	userId: text('user_id')
		.notNull()
		.unique()
		.references(() => users.id, { onDelete: 'cascade' }),
	/** Lowercase, unique, URL-safe. */
	handle: text('handle').notNull().unique(),
	name: text('name').notNull(),
	bio: text('bio').notNull().default(''),
	/** JSON array of { label, url } with http(s) URLs only. */
	links: text('links', { mode: 'json' }).$type<ArtistLink[]>().notNull().default([]),
	/** Published avatar and banner sizes (media-store keys), and the originals waiting for the worker. */
	avatarKey: text('avatar_key'),
	avatarSourceKey: text('avatar_source_key'),
	avatarJobId: text('avatar_job_id'),
	bannerKey: text('banner_key'),
	bannerSourceKey: text('banner_source_key'),
	bannerJobId: text('banner_job_id'),
	/** A release of this artist shown first on the page; shown only while it is public. */
	featuredReleaseId: text('featured_release_id'),
	createdAt: integer('created_at').notNull(),
	updatedAt: integer('updated_at').notNull()
});

export interface ArtistLink {
	label: string;
	url: string;
}
