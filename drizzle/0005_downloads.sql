CREATE TABLE `download_builds` (
	`id` text PRIMARY KEY NOT NULL,
	`release_id` text NOT NULL,
	`format` text NOT NULL,
	`version` text NOT NULL,
	`status` text NOT NULL,
	`job_id` text,
	`done_tracks` integer DEFAULT 0 NOT NULL,
	`total_tracks` integer NOT NULL,
	`store_key` text,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `download_builds_version_idx` ON `download_builds` (`release_id`,`format`,`version`);--> statement-breakpoint
CREATE INDEX `download_builds_job_idx` ON `download_builds` (`job_id`);--> statement-breakpoint
CREATE TABLE `release_downloads` (
	`release_id` text PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT false NOT NULL,
	`formats` text DEFAULT '[]' NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE cascade
);
