CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `releases` (
	`id` text PRIMARY KEY NOT NULL,
	`artist_id` text NOT NULL,
	`title` text NOT NULL,
	`type` text NOT NULL,
	`release_date` text,
	`description` text DEFAULT '' NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`licence` text DEFAULT 'all-rights-reserved' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`publish_at` integer,
	`cover_key` text,
	`cover_source_key` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`artist_id`) REFERENCES `artists`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `releases_artist_idx` ON `releases` (`artist_id`);--> statement-breakpoint
CREATE TABLE `tracks` (
	`id` text PRIMARY KEY NOT NULL,
	`release_id` text NOT NULL,
	`artist_id` text NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`original_name` text NOT NULL,
	`source_key` text NOT NULL,
	`source_bytes` integer NOT NULL,
	`source_kind` text NOT NULL,
	`source_demuxer` text NOT NULL,
	`lossless` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'processing' NOT NULL,
	`stage` text,
	`progress` real DEFAULT 0 NOT NULL,
	`error` text,
	`job_id` text,
	`duration_seconds` real,
	`loudness_lufs` real,
	`true_peak_dbtp` real,
	`peaks` text,
	`media_key` text,
	`rungs` text,
	`artwork_key` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`artist_id`) REFERENCES `artists`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `tracks_release_idx` ON `tracks` (`release_id`,`position`);--> statement-breakpoint
CREATE INDEX `tracks_artist_idx` ON `tracks` (`artist_id`);--> statement-breakpoint
CREATE INDEX `tracks_updated_idx` ON `tracks` (`updated_at`);