import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDb, migrateDb } from '../../src/lib/server/db';
import { PROJECT_ROOT, tempDir } from '../helpers/app-context';

/** Covers uploaded before the failure-states migration must not stay "processing" forever after it. */
describe('failure states migration', () => {
	it('gives a cover in flight its job, and a cover whose job died its failure', () => {
		const dir = tempDir('shoal-migrations-');
		try {
			const journal = JSON.parse(
				fs.readFileSync(path.join(PROJECT_ROOT, 'drizzle/meta/_journal.json'), 'utf8')
			);
			const ours = journal.entries.findIndex((e: { tag: string }) => e.tag.endsWith('_failure_states'));
			expect(ours).toBeGreaterThan(0);
			fs.mkdirSync(path.join(dir, 'meta'));
			for (const file of fs.readdirSync(path.join(PROJECT_ROOT, 'drizzle')))
				if (file.endsWith('.sql'))
					fs.copyFileSync(path.join(PROJECT_ROOT, 'drizzle', file), path.join(dir, file));
			const writeJournal = (entries: unknown[]) =>
				fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }));
			writeJournal(journal.entries.slice(0, ours));
			const handle = createDb(path.join(dir, 'shoal.db'));
			try {
				migrateDb(handle, dir);
				const job = (id: string, releaseId: string, status: string, lastError: string | null) =>
					`('${id}', 'release-cover', '{"releaseId":"${releaseId}"}', '${status}', 1, 3, 1, 0, ${
						lastError === null ? 'NULL' : `'${lastError}'`
					}, 1, 1)`;
				handle.sqlite.exec(`
					INSERT INTO users VALUES ('u1', 'u1@example.org', 'U', 'x', 0, 1, 1);
					INSERT INTO artists VALUES ('a1', 'u1', 'tide', 'Tide', '', '[]', 1, 1);
					INSERT INTO releases (id, artist_id, title, type, status, cover_key, cover_source_key, created_at, updated_at)
					VALUES ('stuck', 'a1', 'Stuck', 'album', 'draft', NULL, 'covers/stuck/source', 1, 1),
						('busy', 'a1', 'Busy', 'album', 'draft', NULL, 'covers/busy/source', 1, 1),
						('done', 'a1', 'Done', 'album', 'draft', 'artwork/done/v1', 'covers/done/source', 1, 1),
						('bare', 'a1', 'Bare', 'album', 'draft', NULL, NULL, 1, 1);
					INSERT INTO jobs (id, type, payload, status, attempts, max_attempts, run_after, lease_token,
						last_error, created_at, updated_at)
					VALUES ${job('j1', 'stuck', 'dead', 'ffmpeg could not decode this file: the picture is too large')},
						${job('j2', 'busy', 'running', null)},
						${job('j3', 'done', 'succeeded', null)};`);
				writeJournal(journal.entries);
				migrateDb(handle, dir);
				const rows = handle.sqlite
					.prepare('SELECT id, cover_job_id, cover_error, cover_error_detail FROM releases ORDER BY id')
					.all();
				expect(rows).toEqual([
					{ id: 'bare', cover_job_id: null, cover_error: null, cover_error_detail: null },
					{ id: 'busy', cover_job_id: 'j2', cover_error: null, cover_error_detail: null },
					{ id: 'done', cover_job_id: null, cover_error: null, cover_error_detail: null },
					{
						id: 'stuck',
						cover_job_id: null,
						cover_error:
							'This image could not be used as a cover. Upload a different JPEG, PNG or WebP image.',
						cover_error_detail: 'ffmpeg could not decode this file: the picture is too large'
					}
				]);
			} finally {
				handle.close();
			}
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
