import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import {
	LICENCES,
	RELEASE_STATUSES,
	RELEASE_TYPES,
	TRACK_STAGES,
	TRACK_STATUSES
} from '../../../shared/catalog';
import { artists } from './artists';

/** A release (album, EP or single) of one artist. Times are epoch ms; release_date is YYYY-MM-DD. */
export const releases = sqliteTable(
	'releases',
	{
		id: text('id').primaryKey(),
		artistId: text('artist_id')
			.notNull()
			.references(() => artists.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		type: text('type', { enum: RELEASE_TYPES }).notNull(),
		releaseDate: text('release_date'),
		description: text('description').notNull().default(''),
		tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default([]),
		licence: text('licence', { enum: LICENCES }).notNull().default('all-rights-reserved'),
		status: text('status', { enum: RELEASE_STATUSES }).notNull().default('draft'),
		publishAt: integer('publish_at'),
		/** Media-store key of the published artwork directory, once the worker made it. */
		coverKey: text('cover_key'),
		/** Media-store key of the uploaded cover original, while it waits for the worker. */
		coverSourceKey: text('cover_source_key'),
		/** The job making the uploaded cover's sizes; null once it finished (ready or failed). */
		coverJobId: text('cover_job_id'),
		/** Why the last uploaded cover could not be used, in plain words; null unless it failed. */
		coverError: text('cover_error'),
		/** The technical detail behind cover_error (for the studio's "Details" line). */
		coverErrorDetail: text('cover_error_detail'),
		/**
		 * The token of the "new release" form that created it: the same form sent again (a double click,
		 * a resubmit) finds this release instead of making another. Null for releases made otherwise.
		 */
		creationKey: text('creation_key'),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(table) => [
		index('releases_artist_idx').on(table.artistId),
		uniqueIndex('releases_creation_key_idx').on(table.artistId, table.creationKey)
	]
);

/** One uploaded file of a release and everything the worker learned and made from it. */
export const tracks = sqliteTable(
	'tracks',
	{
		id: text('id').primaryKey(),
		releaseId: text('release_id')
			.notNull()
			.references(() => releases.id, { onDelete: 'cascade' }),
		/** Denormalised from the release for authorisation and quota sums. */
		artistId: text('artist_id')
			.notNull()
			.references(() => artists.id, { onDelete: 'cascade' }),
		/** The order in the release, 1..n without gaps across all discs (see shared/track-order.ts). */
		position: integer('position').notNull(),
		/** The disc from the file's tags (or the artist's moves); null reads as disc 1. */
		discNumber: integer('disc_number'),
		/** The track number the tags gave; it only orders the files of one upload batch. */
		tagTrackNumber: integer('tag_track_number'),
		/**
		 * The files the artist added together share a batch: their tags order them among themselves.
		 * Cleared for the whole release once the artist orders tracks by hand (their order wins).
		 */
		uploadBatch: text('upload_batch'),
		title: text('title').notNull(),
		/** The uploaded file's name, made safe for display; never used in a path. */
		originalName: text('original_name').notNull(),
		/** Media-store key of the original (kept for the lossless rung, re-encodes and takeout). */
		sourceKey: text('source_key').notNull(),
		sourceBytes: integer('source_bytes').notNull(),
		/** What sniffing found: the kind and the demuxer the worker must force. */
		sourceKind: text('source_kind').notNull(),
		sourceDemuxer: text('source_demuxer').notNull(),
		lossless: integer('lossless', { mode: 'boolean' }).notNull().default(false),
		status: text('status', { enum: TRACK_STATUSES }).notNull().default('processing'),
		stage: text('stage', { enum: TRACK_STAGES }),
		progress: real('progress').notNull().default(0),
		error: text('error'),
		/** The technical detail behind `error` (ffmpeg's words), for the studio's "Details" line. */
		errorDetail: text('error_detail'),
		jobId: text('job_id'),
		durationSeconds: real('duration_seconds'),
		loudnessLufs: real('loudness_lufs'),
		truePeakDbtp: real('true_peak_dbtp'),
		/** ~1,500 normalised waveform peaks (0..1). */
		peaks: text('peaks', { mode: 'json' }).$type<number[]>(),
		/** Media-store key of the published HLS directory (master.m3u8 inside). */
		mediaKey: text('media_key'),
		/** The ladder as published: rung name, codecs, bandwidths. */
		rungs: text('rungs', { mode: 'json' }).$type<PublishedRung[]>(),
		/** Media-store key of artwork found inside the file, when it had any. */
		artworkKey: text('artwork_key'),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(table) => [
		index('tracks_release_idx').on(table.releaseId, table.position),
		index('tracks_artist_idx').on(table.artistId),
		index('tracks_updated_idx').on(table.updatedAt)
	]
);

export interface PublishedRung {
	name: string;
	codecs: string;
	bandwidth: number;
	averageBandwidth: number;
}
