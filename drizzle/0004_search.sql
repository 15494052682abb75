-- Search. One plain row per findable thing (artist, release, track, tag) in search_documents, kept in
-- sync by triggers on the catalogue tables so no service can forget; two FTS5 indexes read those rows
-- as external content: search_words (words, prefixes, diacritics folded) and search_grams (trigrams, for
-- Chinese/Japanese substrings). Who may see a row (published, scheduled and due, ready) is decided at
-- query time, never here.
CREATE TABLE `search_documents` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`entity_id` text NOT NULL,
	`name` text NOT NULL,
	`alt` text DEFAULT '' NOT NULL,
	`artist` text DEFAULT '' NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`public_from` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_documents_entity_idx` ON `search_documents` (`kind`, `entity_id`);
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_words` USING fts5(
	name, alt, artist, body,
	content = 'search_documents', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_grams` USING fts5(
	name, alt, artist, body,
	content = 'search_documents', content_rowid = 'id',
	tokenize = 'trigram remove_diacritics 1'
);
--> statement-breakpoint
CREATE TRIGGER `search_documents_ai` AFTER INSERT ON `search_documents` BEGIN
	INSERT INTO search_words (rowid, name, alt, artist, body) VALUES (new.id, new.name, new.alt, new.artist, new.body);
	INSERT INTO search_grams (rowid, name, alt, artist, body) VALUES (new.id, new.name, new.alt, new.artist, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `search_documents_ad` AFTER DELETE ON `search_documents` BEGIN
	INSERT INTO search_words (search_words, rowid, name, alt, artist, body) VALUES ('delete', old.id, old.name, old.alt, old.artist, old.body);
	INSERT INTO search_grams (search_grams, rowid, name, alt, artist, body) VALUES ('delete', old.id, old.name, old.alt, old.artist, old.body);
END;
--> statement-breakpoint
CREATE TRIGGER `search_documents_au` AFTER UPDATE OF name, alt, artist, body ON `search_documents` BEGIN
	INSERT INTO search_words (search_words, rowid, name, alt, artist, body) VALUES ('delete', old.id, old.name, old.alt, old.artist, old.body);
	INSERT INTO search_grams (search_grams, rowid, name, alt, artist, body) VALUES ('delete', old.id, old.name, old.alt, old.artist, old.body);
	INSERT INTO search_words (rowid, name, alt, artist, body) VALUES (new.id, new.name, new.alt, new.artist, new.body);
	INSERT INTO search_grams (rowid, name, alt, artist, body) VALUES (new.id, new.name, new.alt, new.artist, new.body);
END;
--> statement-breakpoint
-- Artists: name, handle, bio. A rename also renames the artist on their releases and tracks.
CREATE TRIGGER `search_artists_ai` AFTER INSERT ON `artists` BEGIN
	INSERT INTO search_documents (kind, entity_id, name, alt, body, public_from)
		VALUES ('artist', new.id, new.name, new.handle, new.bio, 0);
END;
--> statement-breakpoint
CREATE TRIGGER `search_artists_au` AFTER UPDATE OF name, handle, bio ON `artists` BEGIN
	UPDATE search_documents SET name = new.name, alt = new.handle, body = new.bio
		WHERE kind = 'artist' AND entity_id = new.id;
	UPDATE search_documents SET artist = new.name
		WHERE new.name IS NOT old.name AND kind = 'release'
		AND entity_id IN (SELECT id FROM releases WHERE artist_id = new.id);
	UPDATE search_documents SET artist = new.name
		WHERE new.name IS NOT old.name AND kind = 'track'
		AND entity_id IN (SELECT id FROM tracks WHERE artist_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_artists_ad` AFTER DELETE ON `artists` BEGIN
	DELETE FROM search_documents WHERE kind = 'artist' AND entity_id = old.id;
END;
--> statement-breakpoint
-- Releases: title, tags, artist name, description; and one row per distinct tag in use, public from
-- its earliest public release. Becoming more public only lowers that moment (cheap); a full look over
-- the releases happens only when a release that set it becomes less public, loses the tag or goes.
CREATE TRIGGER `search_releases_ai` AFTER INSERT ON `releases` BEGIN
	INSERT INTO search_documents (kind, entity_id, name, alt, artist, body, public_from) VALUES (
		'release', new.id, new.title,
		coalesce((SELECT group_concat(value, ' ') FROM json_each(new.tags)), ''),
		coalesce((SELECT name FROM artists WHERE id = new.artist_id), ''),
		new.description,
		CASE new.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN new.publish_at END
	);
	INSERT OR IGNORE INTO search_documents (kind, entity_id, name)
		SELECT DISTINCT 'tag', value, value FROM json_each(new.tags) WHERE trim(value) <> '';
	UPDATE search_documents SET public_from = CASE new.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN new.publish_at END
		WHERE CASE new.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN new.publish_at END IS NOT NULL
		AND kind = 'tag' AND entity_id IN (SELECT value FROM json_each(new.tags))
		AND (public_from IS NULL OR public_from > CASE new.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN new.publish_at END);
END;
--> statement-breakpoint
CREATE TRIGGER `search_releases_au` AFTER UPDATE OF title, tags, description ON `releases` BEGIN
	UPDATE search_documents SET
		name = new.title,
		alt = coalesce((SELECT group_concat(value, ' ') FROM json_each(new.tags)), ''),
		body = new.description
		WHERE kind = 'release' AND entity_id = new.id;
	INSERT OR IGNORE INTO search_documents (kind, entity_id, name)
		SELECT DISTINCT 'tag', value, value FROM json_each(new.tags) WHERE trim(value) <> '';
	DELETE FROM search_documents
		WHERE new.tags IS NOT old.tags AND kind = 'tag'
		AND entity_id IN (SELECT value FROM json_each(old.tags))
		AND NOT EXISTS (
			SELECT 1 FROM releases AS r, json_each(r.tags) AS t WHERE t.value = search_documents.entity_id
		);
	UPDATE search_documents SET public_from = CASE new.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN new.publish_at END
		WHERE CASE new.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN new.publish_at END IS NOT NULL
		AND kind = 'tag' AND entity_id IN (SELECT value FROM json_each(new.tags))
		AND (public_from IS NULL OR public_from > CASE new.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN new.publish_at END);
	UPDATE search_documents SET public_from = (
			SELECT min(CASE r.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN r.publish_at END)
			FROM releases AS r, json_each(r.tags) AS t WHERE t.value = search_documents.entity_id
		)
		WHERE new.tags IS NOT old.tags AND kind = 'tag' AND entity_id IN (
			SELECT value FROM json_each(old.tags) EXCEPT SELECT value FROM json_each(new.tags)
		);
END;
--> statement-breakpoint
-- Publishing, scheduling or unpublishing moves the release, its ready tracks and its tags together.
CREATE TRIGGER `search_releases_publish` AFTER UPDATE OF status, publish_at ON `releases` BEGIN
	UPDATE search_documents
		SET public_from = CASE new.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN new.publish_at END
		WHERE kind = 'release' AND entity_id = new.id;
	UPDATE search_documents
		SET public_from = CASE new.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN new.publish_at END
		WHERE kind = 'track' AND entity_id IN (
			SELECT id FROM tracks WHERE release_id = new.id AND status = 'ready' AND media_key IS NOT NULL
		);
	UPDATE search_documents SET public_from = CASE new.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN new.publish_at END
		WHERE CASE new.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN new.publish_at END IS NOT NULL
		AND kind = 'tag' AND entity_id IN (SELECT value FROM json_each(new.tags))
		AND (public_from IS NULL OR public_from > CASE new.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN new.publish_at END);
	-- Less public than before: tags whose earliest moment was this release's are worked out again.
	UPDATE search_documents SET public_from = (
			SELECT min(CASE r.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN r.publish_at END)
			FROM releases AS r, json_each(r.tags) AS t WHERE t.value = search_documents.entity_id
		)
		WHERE CASE old.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN old.publish_at END IS NOT NULL AND (CASE new.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN new.publish_at END IS NULL OR CASE new.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN new.publish_at END > CASE old.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN old.publish_at END)
		AND kind = 'tag' AND entity_id IN (SELECT value FROM json_each(new.tags))
		AND public_from = CASE old.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN old.publish_at END;
END;
--> statement-breakpoint
CREATE TRIGGER `search_releases_ad` AFTER DELETE ON `releases` BEGIN
	DELETE FROM search_documents WHERE kind = 'release' AND entity_id = old.id;
	DELETE FROM search_documents
		WHERE kind = 'tag' AND entity_id IN (SELECT value FROM json_each(old.tags))
		AND NOT EXISTS (
			SELECT 1 FROM releases AS r, json_each(r.tags) AS t WHERE t.value = search_documents.entity_id
		);
	UPDATE search_documents SET public_from = (
			SELECT min(CASE r.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN r.publish_at END)
			FROM releases AS r, json_each(r.tags) AS t WHERE t.value = search_documents.entity_id
		)
		WHERE CASE old.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN old.publish_at END IS NOT NULL
		AND kind = 'tag' AND entity_id IN (SELECT value FROM json_each(old.tags))
		AND public_from = CASE old.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN old.publish_at END;
END;
--> statement-breakpoint
-- Tracks: title and artist name; findable once ready (with media) on a public release.
CREATE TRIGGER `search_tracks_ai` AFTER INSERT ON `tracks` BEGIN
	INSERT INTO search_documents (kind, entity_id, name, artist, public_from) VALUES (
		'track', new.id, new.title, coalesce((SELECT name FROM artists WHERE id = new.artist_id), ''),
		CASE WHEN new.status = 'ready' AND new.media_key IS NOT NULL THEN (
			SELECT CASE status WHEN 'published' THEN 0 WHEN 'scheduled' THEN publish_at END
			FROM releases WHERE id = new.release_id
		) END
	);
END;
--> statement-breakpoint
CREATE TRIGGER `search_tracks_au` AFTER UPDATE OF title, status, media_key ON `tracks` BEGIN
	UPDATE search_documents SET
		name = new.title,
		public_from = CASE WHEN new.status = 'ready' AND new.media_key IS NOT NULL THEN (
			SELECT CASE status WHEN 'published' THEN 0 WHEN 'scheduled' THEN publish_at END
			FROM releases WHERE id = new.release_id
		) END
		WHERE kind = 'track' AND entity_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_tracks_ad` AFTER DELETE ON `tracks` BEGIN
	DELETE FROM search_documents WHERE kind = 'track' AND entity_id = old.id;
END;
--> statement-breakpoint
-- Existing rows (the triggers above fill both indexes from these).
INSERT INTO search_documents (kind, entity_id, name, alt, body, public_from)
	SELECT 'artist', id, name, handle, bio, 0 FROM artists;
--> statement-breakpoint
INSERT INTO search_documents (kind, entity_id, name, alt, artist, body, public_from)
	SELECT 'release', r.id, r.title,
		coalesce((SELECT group_concat(value, ' ') FROM json_each(r.tags)), ''),
		coalesce(a.name, ''), r.description,
		CASE r.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN r.publish_at END
	FROM releases AS r LEFT JOIN artists AS a ON a.id = r.artist_id;
--> statement-breakpoint
INSERT INTO search_documents (kind, entity_id, name, artist, public_from)
	SELECT 'track', t.id, t.title, coalesce(a.name, ''),
		CASE WHEN t.status = 'ready' AND t.media_key IS NOT NULL THEN
			CASE r.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN r.publish_at END
		END
	FROM tracks AS t JOIN releases AS r ON r.id = t.release_id LEFT JOIN artists AS a ON a.id = t.artist_id;
--> statement-breakpoint
INSERT OR IGNORE INTO search_documents (kind, entity_id, name)
	SELECT DISTINCT 'tag', t.value, t.value FROM releases AS r, json_each(r.tags) AS t WHERE trim(t.value) <> '';
--> statement-breakpoint
UPDATE search_documents SET public_from = (
		SELECT min(CASE r.status WHEN 'published' THEN 0 WHEN 'scheduled' THEN r.publish_at END)
		FROM releases AS r, json_each(r.tags) AS t WHERE t.value = search_documents.entity_id
	)
	WHERE kind = 'tag';
