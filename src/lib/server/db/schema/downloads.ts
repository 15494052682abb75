import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { DOWNLOAD_FORMATS } from '../../../shared/downloads';
import { releases } from './catalog';

/** What a release's artist allows listeners to download. No row: downloads are off. */
export const releaseDownloads = sqliteTable('release_downloads', {
	releaseId: text('release_id')
		.primaryKey()
		.references(() => releases.id, { onDelete: 'cascade' }),
	enabled: integer('enabled', { mode: 'boolean' }).notNull().default(false),
	formats: text('formats', { mode: 'json' }).$type<string[]>().notNull().default([]),
	updatedAt: integer('updated_at').notNull()
});

export const DOWNLOAD_BUILD_STATUSES = ['building', 'ready', 'failed'] as const;
export type DownloadBuildStatus = (typeof DOWNLOAD_BUILD_STATUSES)[number];

/**
 * One set of files the worker made for a release in one format. `version` is a hash of everything that
 * goes into the files (tags, originals, cover), so a changed release never matches an old build.
 */
export const downloadBuilds = sqliteTable(
	'download_builds',
	{
		id: text('id').primaryKey(),
		releaseId: text('release_id')
			.notNull()
			.references(() => releases.id, { onDelete: 'cascade' }),
		format: text('format', { enum: DOWNLOAD_FORMATS }).notNull(),
		version: text('version').notNull(),
		status: text('status', { enum: DOWNLOAD_BUILD_STATUSES }).notNull(),
		jobId: text('job_id'),
		doneTracks: integer('done_tracks').notNull().default(0),
		totalTracks: integer('total_tracks').notNull(),
		/** Media-store key of the published directory, once ready. */
		storeKey: text('store_key'),
		/** A retry note while building, or why it failed; written for people. */
		error: text('error'),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(table) => [
		uniqueIndex('download_builds_version_idx').on(table.releaseId, table.format, table.version),
		index('download_builds_job_idx').on(table.jobId)
	]
);
