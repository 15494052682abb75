ALTER TABLE `releases` ADD `cover_job_id` text;--> statement-breakpoint
ALTER TABLE `releases` ADD `cover_error` text;--> statement-breakpoint
ALTER TABLE `releases` ADD `cover_error_detail` text;--> statement-breakpoint
ALTER TABLE `tracks` ADD `error_detail` text;--> statement-breakpoint
-- hand-written below
-- Covers uploaded before this migration: the newest cover job of each release that has no cover yet
-- becomes its cover_job_id while it still runs, and a dead one becomes its plain-words failure.
UPDATE `releases` SET `cover_job_id` = (
	SELECT `id` FROM `jobs`
	WHERE `type` = 'release-cover' AND json_extract(`payload`, '$.releaseId') = `releases`.`id`
		AND `status` IN ('queued', 'running', 'failed')
	ORDER BY `created_at` DESC LIMIT 1
) WHERE `cover_key` IS NULL AND `cover_source_key` IS NOT NULL;
--> statement-breakpoint
UPDATE `releases` SET
	`cover_error` = 'This image could not be used as a cover. Upload a different JPEG, PNG or WebP image.',
	`cover_error_detail` = (
		SELECT `last_error` FROM `jobs`
		WHERE `type` = 'release-cover' AND json_extract(`payload`, '$.releaseId') = `releases`.`id`
		ORDER BY `created_at` DESC LIMIT 1
	)
WHERE `cover_key` IS NULL AND `cover_source_key` IS NOT NULL AND `cover_job_id` IS NULL;
