import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

export interface ZipContent {
	name: string;
	/** 0 = stored, 8 = deflated. */
	method: number;
	data: Buffer;
}

/** Every entry of a ZIP file, read with a real ZIP reader (yauzl), CRCs checked. */
export function readZip(file: string): Promise<ZipContent[]> {
	return new Promise((resolve, reject) => {
		yauzl.open(file, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (error, zip) => {
			if (error || !zip) return reject(error);
			const out: ZipContent[] = [];
			zip.on('entry', (entry: yauzl.Entry) => {
				zip.openReadStream(entry, (streamError, stream) => {
					if (streamError || !stream) return reject(streamError);
					const chunks: Buffer[] = [];
					stream.on('data', (chunk: Buffer) => chunks.push(chunk));
					stream.on('error', reject);
					stream.on('end', () => {
						out.push({ name: entry.fileName, method: entry.compressionMethod, data: Buffer.concat(chunks) });
						zip.readEntry();
					});
				});
			});
			zip.on('end', () => resolve(out));
			zip.on('error', reject);
			zip.readEntry();
		});
	});
}

export async function saveStream(stream: Readable, file: string): Promise<number> {
	await pipeline(stream, fs.createWriteStream(file));
	return fs.statSync(file).size;
}

export interface ProbedFile {
	tags: Record<string, string>;
	audioCodec: string | undefined;
	hasCover: boolean;
}

/** ffprobe's view of a file: container tags (keys lower-cased), the audio codec, an attached picture. */
export function probeFile(file: string): ProbedFile {
	const result = spawnSync(
		'ffprobe',
		[
			'-v',
			'error',
			'-show_entries',
			'stream=codec_type,codec_name:stream_disposition=attached_pic:format_tags',
			'-of',
			'json',
			file
		],
		{ encoding: 'utf8' }
	);
	if (result.status !== 0) throw new Error(`ffprobe ${file} failed: ${result.stderr}`);
	const parsed = JSON.parse(result.stdout) as {
		streams: Array<{ codec_type: string; codec_name: string; disposition?: { attached_pic?: number } }>;
		format: { tags?: Record<string, string> };
	};
	const tags = Object.fromEntries(
		Object.entries(parsed.format.tags ?? {}).map(([k, v]) => [k.toLowerCase(), v])
	);
	return {
		tags,
		audioCodec: parsed.streams.find((s) => s.codec_type === 'audio')?.codec_name,
		hasCover: parsed.streams.some((s) => s.codec_type === 'video' && s.disposition?.attached_pic === 1)
	};
}

/** Writes an entry to `dir` under its base name, for ffprobe. */
export function extract(entry: ZipContent, dir: string): string {
	const file = path.join(dir, path.basename(entry.name));
	fs.writeFileSync(file, entry.data);
	return file;
}
