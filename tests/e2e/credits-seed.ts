import { eq } from 'drizzle-orm';
import { loadConfig } from '../../src/lib/server/config';
import { createAppContext } from '../../src/lib/server/context';
import { artists, users } from '../../src/lib/server/db/schema';
import { createLogger } from '../../src/lib/server/logger';

/**
 * Hands a seeded artist (and so its releases) to the person who signed up with `email`, so a test can
 * edit a release whose tracks the real worker already processed. Written straight into the e2e
 * server's SQLite file, like seed.ts.
 */
export function giveArtistTo(handle: string, email: string): void {
	const config = loadConfig({ ...process.env, DATA_DIR: process.env.SHOAL_E2E_DATA_DIR, SHOAL_DEMO: '0' });
	const context = createAppContext(config, {
		logger: createLogger({ logLevel: 'silent', logFormat: 'json' })
	});
	try {
		const { db } = context.dbHandle;
		const user = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
		if (!user) throw new Error(`nobody signed up as ${email}`);
		db.update(artists).set({ userId: user.id }).where(eq(artists.handle, handle)).run();
	} finally {
		context.close();
	}
}
