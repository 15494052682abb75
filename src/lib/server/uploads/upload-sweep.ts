import fs from 'node:fs/promises';
import path from 'node:path';
import type { FileStore } from '@tus/file-store';
import type { Server } from '@tus/server';

/** Storage ids are ours (see upload-server.ts): 32 lowercase hex digits, nothing else reaches a path. */
export const UPLOAD_ID = /^[0-9a-f]{32}$/;

/**
 * Removes what an expired upload left behind. tus's own cleanup only sees uploads that still have both
 * their data file and their `.json` sidecar; what a crash or a finished upload leaves (a lone sidecar, a
 * lone data file) is ours to remove once it is as old as an expired upload.
 */
export async function sweepUploads(options: {
	tus: Server;
	store: FileStore;
	directory: string;
	expirationMs: number;
	busy: (id: string) => boolean;
	now?: number;
}): Promise<number> {
	const { tus, store, directory, expirationMs, busy } = options;
	let removed = await tus.cleanUpExpiredUploads();
	const now = options.now ?? Date.now();
	const ids = new Set<string>();
	for (const name of await fs.readdir(directory)) {
		const id = name.endsWith('.json') ? name.slice(0, -'.json'.length) : name;
		if (UPLOAD_ID.test(id)) ids.add(id);
	}
	for (const id of ids) {
		if (busy(id)) continue;
		const born = await bornAt(store, directory, id);
		if (born !== undefined && now - born > expirationMs) {
			await removeUploadFiles(directory, id);
			removed++;
		}
	}
	return removed;
}

async function bornAt(store: FileStore, directory: string, id: string): Promise<number | undefined> {
	const record = await store.configstore.get(id);
	const created = record?.creation_date ? Date.parse(record.creation_date) : NaN;
	if (!Number.isNaN(created)) return created;
	const times = await Promise.all(
		[id, `${id}.json`].map((name) =>
			fs.stat(path.join(directory, name)).then(
				(stat) => stat.mtimeMs,
				() => undefined
			)
		)
	);
	const known = times.filter((time): time is number => time !== undefined);
	return known.length ? Math.max(...known) : undefined;
}

/** Both files of an upload, whichever exist. */
export async function removeUploadFiles(directory: string, id: string): Promise<void> {
	if (!UPLOAD_ID.test(id)) return;
	await fs.rm(path.join(directory, id), { force: true });
	await fs.rm(path.join(directory, `${id}.json`), { force: true });
}
