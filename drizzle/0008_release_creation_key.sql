ALTER TABLE `releases` ADD `creation_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `releases_creation_key_idx` ON `releases` (`artist_id`,`creation_key`);