import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * The embedded mail seam: each message as a complete .eml file in DATA_DIR/outbox, named
 * `<time>-<id>.eml` so a directory listing is in sending order. Written to a temporary name and
 * renamed, so a reader never sees half a message. The one place mail touches the file system.
 */
export function createOutbox(dir: string) {
	return {
		dir,
		async write(raw: Buffer): Promise<string> {
			await fs.mkdir(dir, { recursive: true, mode: 0o700 });
			const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(6).toString('hex')}.eml`;
			const target = path.join(dir, name);
			const temp = `${target}.part`;
			await fs.writeFile(temp, raw, { mode: 0o600 });
			await fs.rename(temp, target);
			return target;
		}
	};
}

export type Outbox = ReturnType<typeof createOutbox>;
