-- Search index (FTS5): filled in by the search work.
SELECT 1;
