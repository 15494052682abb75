CREATE TABLE `account_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`purpose` text NOT NULL,
	`token_hash` blob NOT NULL,
	`user_id` text,
	`email` text NOT NULL,
	`payload` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `account_tokens_token_hash_unique` ON `account_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `account_tokens_user_idx` ON `account_tokens` (`user_id`);--> statement-breakpoint
ALTER TABLE `users` ADD `bio` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `avatar_key` text;--> statement-breakpoint
ALTER TABLE `users` ADD `avatar_source_key` text;--> statement-breakpoint
ALTER TABLE `users` ADD `avatar_job_id` text;--> statement-breakpoint
ALTER TABLE `artists` ADD `avatar_key` text;--> statement-breakpoint
ALTER TABLE `artists` ADD `avatar_source_key` text;--> statement-breakpoint
ALTER TABLE `artists` ADD `avatar_job_id` text;--> statement-breakpoint
ALTER TABLE `artists` ADD `banner_key` text;--> statement-breakpoint
ALTER TABLE `artists` ADD `banner_source_key` text;--> statement-breakpoint
ALTER TABLE `artists` ADD `banner_job_id` text;--> statement-breakpoint
ALTER TABLE `artists` ADD `featured_release_id` text;