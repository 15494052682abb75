import type { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { OpenedMedia } from '../media/media-store';

export type ZipEntry = { name: string; file: OpenedMedia } | { name: string; text: string };

/**
 * A ZIP streamed from already opened files: nothing is built in memory or on disk. Every entry is
 * stored (no recompression: audio does not shrink, and stored entries let the size be known up front,
 * which becomes Content-Length). Files whose turn never comes (the client went away) are closed.
 */
export async function createZipStream(
	entries: ZipEntry[],
	mtime: Date
): Promise<{ stream: Readable; size: number | null }> {
	const zip = new ZipFile();
	const files = entries.flatMap((entry) => ('file' in entry ? [entry.file] : []));
	const closeAll = () => {
		for (const file of files) void file.close().catch(() => undefined);
	};
	for (const entry of entries) {
		const options = { compress: false, mtime, mode: 0o100644 };
		if ('file' in entry) {
			const { file } = entry;
			zip.addReadStreamLazy(entry.name, { ...options, size: file.size }, (callback) =>
				callback(null, file.stream())
			);
		} else {
			zip.addBuffer(Buffer.from(entry.text, 'utf8'), entry.name, options);
		}
	}
	// @types/yazl types the callback without its argument: yazl passes the total size (or -1).
	const end = zip.end.bind(zip) as (options: undefined, callback: (size: number) => void) => void;
	const size = await new Promise<number>((resolve) => end(undefined, resolve));
	const stream = zip.outputStream as Readable;
	// yazl reports a failed file (a read error, a size that changed) on the ZipFile, not on its output: an
	// unheard 'error' would crash the server. The response is cut short instead, and the client sees a
	// failed download rather than a ZIP with a hole in it.
	zip.on('error', (error: Error) => stream.destroy(error));
	stream.once('close', closeAll);
	stream.once('error', closeAll);
	return { stream, size: size >= 0 ? size : null };
}
