import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * Secrets Shoal generates for itself on first start (e.g. the key that will sign media URLs),
 * kept in DATA_DIR/secrets.json readable only by the owner (0600).
 */
const secretsSchema = z.object({
	version: z.literal(1),
	mediaSigningKey: z.string().regex(/^[0-9a-f]{64}$/)
});

export type Secrets = z.infer<typeof secretsSchema>;

export function loadOrCreateSecrets(dataDir: string): Secrets {
	const file = path.join(dataDir, 'secrets.json');
	fs.mkdirSync(dataDir, { recursive: true });
	const fresh: Secrets = { version: 1, mediaSigningKey: randomBytes(32).toString('hex') };
	try {
		// 'wx' fails if the file exists, so two processes starting together cannot overwrite each other.
		fs.writeFileSync(file, JSON.stringify(fresh, null, 2) + '\n', { flag: 'wx', mode: 0o600 });
		return fresh;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
	}
	if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
	const parsed = secretsSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
	if (!parsed.success)
		throw new Error(`${file} is damaged; restore it from a backup (or delete it to make new secrets).`);
	return parsed.data;
}
