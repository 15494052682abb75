ALTER TABLE `tracks` ADD `disc_number` integer;--> statement-breakpoint
ALTER TABLE `tracks` ADD `tag_track_number` integer;--> statement-breakpoint
ALTER TABLE `tracks` ADD `upload_batch` text;--> statement-breakpoint
-- hand-written below
-- Positions 1..n without gaps in every release (tag numbers and deletions used to leave holes).
UPDATE `tracks` SET `position` = `o`.`n` FROM (
	SELECT `id`, row_number() OVER (PARTITION BY `release_id` ORDER BY `position`, `created_at`, `id`) AS `n` FROM `tracks`
) AS `o` WHERE `tracks`.`id` = `o`.`id`;
--> statement-breakpoint
-- Search: punctuation inside words folds away ("Journey's" → "journeys", "B.B." → "bb", "Jay-Z" → "jayz").
-- `folded` is name, alt and artist with the characters of FOLDED_PUNCTUATION (src/lib/server/search/
-- search-query.ts, which folds the query the same way) removed; a test checks both lists agree.
-- search_words indexes it as a fifth column beside the words as written. search_grams is unchanged.
ALTER TABLE `search_documents` ADD `folded` text GENERATED ALWAYS AS (replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace((name || ' ' || alt || ' ' || artist), '''', ''), '’', ''), '‘', ''), '‛', ''), 'ʼ', ''), 'ʻ', ''), '＇', ''), '`', ''), '´', ''), '′', ''), 'ʹ', ''), '-', ''), '‐', ''), '‑', ''), '‒', ''), '–', ''), '—', ''), '―', ''), '−', ''), '﹣', ''), '－', ''), '־', ''), '.', ''), '．', ''), '·', ''), '・', ''), '‧', ''), 'ـ', '')) VIRTUAL;
--> statement-breakpoint
DROP TRIGGER `search_documents_ai`;
--> statement-breakpoint
DROP TRIGGER `search_documents_ad`;
--> statement-breakpoint
DROP TRIGGER `search_documents_au`;
--> statement-breakpoint
DROP TABLE `search_words`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_words` USING fts5(
	name, alt, artist, body, folded,
	content = 'search_documents', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
--> statement-breakpoint
CREATE TRIGGER `search_documents_ai` AFTER INSERT ON `search_documents` BEGIN
	INSERT INTO search_words (rowid, name, alt, artist, body, folded) VALUES (new.id, new.name, new.alt, new.artist, new.body, new.folded);
	INSERT INTO search_grams (rowid, name, alt, artist, body) VALUES (new.id, new.name, new.alt, new.artist, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `search_documents_ad` AFTER DELETE ON `search_documents` BEGIN
	INSERT INTO search_words (search_words, rowid, name, alt, artist, body, folded) VALUES ('delete', old.id, old.name, old.alt, old.artist, old.body, old.folded);
	INSERT INTO search_grams (search_grams, rowid, name, alt, artist, body) VALUES ('delete', old.id, old.name, old.alt, old.artist, old.body);
END;
--> statement-breakpoint
CREATE TRIGGER `search_documents_au` AFTER UPDATE OF name, alt, artist, body ON `search_documents` BEGIN
	INSERT INTO search_words (search_words, rowid, name, alt, artist, body, folded) VALUES ('delete', old.id, old.name, old.alt, old.artist, old.body, old.folded);
	INSERT INTO search_grams (search_grams, rowid, name, alt, artist, body) VALUES ('delete', old.id, old.name, old.alt, old.artist, old.body);
	INSERT INTO search_words (rowid, name, alt, artist, body, folded) VALUES (new.id, new.name, new.alt, new.artist, new.body, new.folded);
	INSERT INTO search_grams (rowid, name, alt, artist, body) VALUES (new.id, new.name, new.alt, new.artist, new.body);
END;
--> statement-breakpoint
INSERT INTO search_words (search_words) VALUES ('rebuild');
