import fs from 'node:fs/promises';
import { truncated } from './validate';

/**
 * ffmpeg quietly shortens a WAV whose `data` chunk claims more bytes than the file holds, so neither
 * ffprobe's duration nor the decoded length shows that the file was cut off. The header does.
 */

/** 0 and 0xFFFFFFFF are the streaming writers' "size unknown", not a claim. */
const UNKNOWN_SIZES = new Set([0, 0xffffffff]);
/** Metadata chunks before `data` are few; a file with more is not worth walking. */
const MAX_CHUNKS = 64;

export interface WavDataClaim {
	/** Where the samples start. */
	offset: number;
	claimedBytes: number;
	/** The `fmt ` chunk's average bytes per second; null if it came after `data` or is missing. */
	byteRate: number | null;
}

/** The `data` chunk's offset and claimed size; null when absent, unknown (streamed) or RF64. */
export async function readWavDataClaim(
	read: (offset: number, length: number) => Promise<Buffer>
): Promise<WavDataClaim | null> {
	const riff = await read(0, 12);
	if (
		riff.length < 12 ||
		riff.toString('latin1', 0, 4) !== 'RIFF' ||
		riff.toString('latin1', 8, 12) !== 'WAVE'
	)
		return null;
	let byteRate: number | null = null;
	let offset = 12;
	for (let chunk = 0; chunk < MAX_CHUNKS; chunk++) {
		// A chunk header, and for `fmt ` the fields up to its byte rate.
		const header = await read(offset, 20);
		if (header.length < 8) return null;
		const id = header.toString('latin1', 0, 4);
		const size = header.readUInt32LE(4);
		if (id === 'fmt ' && header.length >= 20) byteRate = header.readUInt32LE(16) || null;
		if (id === 'data')
			return UNKNOWN_SIZES.has(size) ? null : { offset: offset + 8, claimedBytes: size, byteRate };
		// Chunks are padded to an even length.
		offset += 8 + size + (size % 2);
	}
	return null;
}

/** More than a second of audio (or 1 %) missing means the file was cut off: an interrupted export or copy. */
export async function checkWavComplete(filePath: string): Promise<void> {
	const handle = await fs.open(filePath, 'r');
	try {
		const fileBytes = (await handle.stat()).size;
		const claim = await readWavDataClaim(async (offset, length) => {
			const buffer = Buffer.alloc(length);
			const { bytesRead } = await handle.read(buffer, 0, length, offset);
			return buffer.subarray(0, bytesRead);
		});
		if (!claim?.byteRate) return;
		const heldBytes = Math.max(0, fileBytes - claim.offset);
		const missing = claim.claimedBytes - heldBytes;
		if (missing > Math.max(claim.byteRate, claim.claimedBytes * 0.01))
			throw truncated(claim.claimedBytes / claim.byteRate, heldBytes / claim.byteRate);
	} finally {
		await handle.close();
	}
}
