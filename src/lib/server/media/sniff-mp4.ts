import { ascii, u32be, u64be } from './bytes';
import { accept, refuse, type SniffResult } from './sniff-result';

/**
 * MP4/M4A recognition. ffmpeg writes the `moov` box (which names the codecs) after the audio unless
 * told to "faststart", so for most files the codec is not in the first bytes; `sniffAudioFrom` then
 * hops along the top-level boxes to find `moov`.
 */

export interface Box {
	type: string;
	start: number;
	/** Where the payload begins (after the 8- or 16-byte header). */
	body: number;
	/** May lie beyond the buffer when only part of the box was read. */
	end: number;
}

/** A box header at `offset`, or null. `size 0` means "to the end of the enclosing space". */
export function boxAt(bytes: Uint8Array, offset: number, spaceEnd = Infinity): Box | null {
	let size = u32be(bytes, offset);
	const type = ascii(bytes, offset + 4, 4);
	if (Number.isNaN(size) || !/^[\x20-\x7e]{4}$/.test(type)) return null;
	let header = 8;
	if (size === 1) {
		size = u64be(bytes, offset + 8);
		header = 16;
		if (Number.isNaN(size)) return null;
	} else if (size === 0) {
		size = spaceEnd - offset;
	}
	if (size < header) return null;
	return { type, start: offset, body: offset + header, end: offset + size };
}

function children(bytes: Uint8Array, parent: { body: number; end: number }): Box[] {
	const found: Box[] = [];
	for (let offset = parent.body; offset + 8 <= Math.min(parent.end, bytes.length);) {
		const box = boxAt(bytes, offset, parent.end);
		if (!box) break;
		found.push(box);
		offset = box.end;
	}
	return found;
}

function descend(bytes: Uint8Array, parent: { body: number; end: number }, path: string[]): Box[] {
	const [first, ...rest] = path;
	const matches = children(bytes, parent).filter((box) => box.type === first);
	return rest.length === 0 ? matches : matches.flatMap((box) => descend(bytes, box, rest));
}

/** HEIF/AVIF pictures are ISO-BMFF files too; their major brand gives them away. */
const IMAGE_BRANDS = new Set([
	'avif',
	'avis',
	'heic',
	'heix',
	'heim',
	'heis',
	'hevc',
	'hevx',
	'mif1',
	'msf1',
	'crx '
]);

export function sniffMp4Head(head: Uint8Array): SniffResult | null {
	const ftyp = boxAt(head, 0);
	if (!ftyp || ftyp.type !== 'ftyp') return null;
	if (IMAGE_BRANDS.has(ascii(head, ftyp.body, 4))) return refuse('image');
	const moov = children(head, { body: 0, end: Infinity }).find((box) => box.type === 'moov');
	return (moov && mp4Codec(head, moov)) ?? accept('mp4', 'mov', null, 'MP4 audio');
}

/**
 * The codec from the sound tracks' sample entries. Null when the moov box is cut short before any
 * sound track shows up: only a complete moov can prove there is no audio.
 */
export function mp4Codec(bytes: Uint8Array, moov: Box): SniffResult | null {
	const formats: string[] = [];
	for (const trak of descend(bytes, moov, ['trak'])) {
		const handler = descend(bytes, trak, ['mdia', 'hdlr'])[0];
		// hdlr payload: version/flags(4), pre_defined(4), handler_type(4).
		if (!handler || ascii(bytes, handler.body + 8, 4) !== 'soun') continue;
		for (const stsd of descend(bytes, trak, ['mdia', 'minf', 'stbl', 'stsd'])) {
			// stsd payload: version/flags(4), entry_count(4), then one box per sample entry.
			formats.push(...children(bytes, { body: stsd.body + 8, end: stsd.end }).map((entry) => entry.type));
		}
	}
	if (formats.includes('alac')) return accept('alac', 'mov', true, 'ALAC (M4A)');
	if (formats.includes('mp4a')) return accept('aac', 'mov', false, 'AAC (M4A)');
	if (formats.length > 0) return accept('mp4', 'mov', null, 'MP4 audio');
	return moov.end <= bytes.length ? refuse('no_audio') : null;
}

export type ReadAt = (offset: number, length: number) => Promise<Uint8Array>;

const MAX_TOP_LEVEL_HOPS = 32;
/** stsd sits near the front of moov; the rest is sample tables that can run to megabytes. */
const MOOV_READ_BYTES = 256 * 1024;

/** Finds `moov` past the media data by reading only box headers, then reads the front of it. */
export async function sniffMp4Tail(read: ReadAt): Promise<SniffResult | null> {
	let offset = 0;
	for (let hop = 0; hop < MAX_TOP_LEVEL_HOPS; hop++) {
		const header = await read(offset, 16);
		const box = boxAt(header, 0);
		// A size-0 box runs to the end of the file, so nothing can follow it.
		if (!box || u32be(header, 0) === 0) return null;
		// `box` was parsed from a 16-byte read, so its offsets are relative to `offset`.
		if (box.type === 'moov') return mp4Codec(await read(offset, Math.min(box.end, MOOV_READ_BYTES)), box);
		offset += box.end;
	}
	return null;
}
