CREATE TABLE `track_credits` (
	`track_id` text NOT NULL,
	`position` integer NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`detail` text DEFAULT '' NOT NULL,
	`artist_id` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`track_id`, `position`),
	FOREIGN KEY (`track_id`) REFERENCES `tracks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`artist_id`) REFERENCES `artists`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `track_credits_artist_idx` ON `track_credits` (`artist_id`);--> statement-breakpoint
CREATE TABLE `track_lyrics` (
	`track_id` text PRIMARY KEY NOT NULL,
	`text` text NOT NULL,
	`synced` integer NOT NULL,
	`source` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`track_id`) REFERENCES `tracks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- hand-written below
-- Search: a track's document carries the names of its own artists (main, featured) and of everyone
-- credited on it, space-separated, in its `alt` column (unused for tracks before). Both FTS indexes
-- follow through search_documents' own triggers. `alt` rather than `body`: the short CJK fallback
-- (shortSubstringHits) looks at name, alt and artist only, so a two-character Chinese name is found.
CREATE TRIGGER `search_track_credits_ai` AFTER INSERT ON `track_credits` BEGIN
	UPDATE search_documents SET alt = coalesce(
			(SELECT group_concat(name, ' ') FROM (SELECT name FROM track_credits WHERE track_id = new.track_id ORDER BY position)),
			''
		)
		WHERE kind = 'track' AND entity_id = new.track_id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_track_credits_au` AFTER UPDATE OF name ON `track_credits` BEGIN
	UPDATE search_documents SET alt = coalesce(
			(SELECT group_concat(name, ' ') FROM (SELECT name FROM track_credits WHERE track_id = new.track_id ORDER BY position)),
			''
		)
		WHERE kind = 'track' AND entity_id = new.track_id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_track_credits_ad` AFTER DELETE ON `track_credits` BEGIN
	UPDATE search_documents SET alt = coalesce(
			(SELECT group_concat(name, ' ') FROM (SELECT name FROM track_credits WHERE track_id = old.track_id ORDER BY position)),
			''
		)
		WHERE kind = 'track' AND entity_id = old.track_id;
END;
