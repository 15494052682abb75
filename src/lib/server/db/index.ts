import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type ShoalDb = BetterSQLite3Database<typeof schema>;

export interface DbHandle {
	db: ShoalDb;
	sqlite: Database.Database;
	close(): void;
}

/**
 * The one way Shoal opens its database (web, worker, CLI and tests).
 * WAL lets the worker write while the web server reads; busy_timeout rides out short lock waits.
 */
export function createDb(filePath: string): DbHandle {
	if (filePath !== ':memory:') fs.mkdirSync(path.dirname(filePath), { recursive: true });
	const sqlite = new Database(filePath);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('synchronous = NORMAL');
	const db = drizzle(sqlite, { schema });
	return {
		db,
		sqlite,
		close: () => {
			if (sqlite.open) sqlite.close();
		}
	};
}

/** drizzle-kit writes migrations here; npm scripts always run from the project root. */
export function defaultMigrationsFolder(root = process.cwd()): string {
	return path.join(root, 'drizzle');
}

export function migrateDb(handle: DbHandle, migrationsFolder = defaultMigrationsFolder()): void {
	migrate(handle.db, { migrationsFolder });
}

export { schema };
