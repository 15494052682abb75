import { ascii, hasBytes } from './bytes';
import { refuse, refuseUnsupported, type RefusedFile } from './sniff-result';

/**
 * Names what a refused file is, so the artist reads "this is an image" instead of "unknown format".
 * Only consulted after every accepted audio format has said no.
 */

type Signature = { offset?: number; magic: readonly number[] | string; refusal: () => RefusedFile };

const image = () => refuse('image');
const archive = () => refuse('archive');
const executable = () => refuse('executable');
const unsupported = (name: string) => () => refuseUnsupported(name);

// Longer, more specific signatures first ('#!AMR' before the script shebang '#!').
const SIGNATURES: Signature[] = [
	{ magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], refusal: image },
	{ magic: [0xff, 0xd8, 0xff], refusal: image },
	{ magic: 'GIF87a', refusal: image },
	{ magic: 'GIF89a', refusal: image },
	{ magic: [0x49, 0x49, 0x2a, 0x00], refusal: image },
	{ magic: [0x4d, 0x4d, 0x00, 0x2a], refusal: image },
	{ magic: [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20], refusal: image }, // JPEG 2000
	{ magic: [0x50, 0x4b, 0x03, 0x04], refusal: () => refuse('zip') },
	{ magic: [0x50, 0x4b, 0x05, 0x06], refusal: () => refuse('zip') },
	{ magic: [0x50, 0x4b, 0x07, 0x08], refusal: () => refuse('zip') },
	{ magic: [0x1f, 0x8b], refusal: archive },
	{ magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], refusal: archive },
	{ magic: 'Rar!\x1a\x07', refusal: archive },
	{ magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], refusal: archive },
	{ magic: [0x28, 0xb5, 0x2f, 0xfd], refusal: archive },
	{ offset: 257, magic: 'ustar', refusal: archive },
	{ magic: '%PDF-', refusal: () => refuse('pdf') },
	{ magic: [0x1a, 0x45, 0xdf, 0xa3], refusal: unsupported('a WebM/Matroska file') },
	{ magic: [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11], refusal: unsupported('a Windows Media file') },
	{ magic: 'MThd', refusal: unsupported('a MIDI file (notes, not recorded sound)') },
	{ magic: 'MAC ', refusal: unsupported("Monkey's Audio") },
	{ magic: 'wvpk', refusal: unsupported('WavPack') },
	{ magic: 'caff', refusal: unsupported('a Core Audio (CAF) file') },
	{ magic: 'DSD ', refusal: unsupported('DSD audio') },
	{ magic: 'FRM8', refusal: unsupported('DSD audio') },
	{ magic: '.snd', refusal: unsupported('a Sun/NeXT audio file') },
	{ magic: '#!AMR', refusal: unsupported('AMR speech audio') },
	{ magic: [0x7f, 0x45, 0x4c, 0x46], refusal: executable }, // ELF
	{ magic: 'MZ', refusal: executable }, // Windows PE/DOS
	{ magic: [0xfe, 0xed, 0xfa, 0xce], refusal: executable }, // Mach-O
	{ magic: [0xfe, 0xed, 0xfa, 0xcf], refusal: executable },
	{ magic: [0xce, 0xfa, 0xed, 0xfe], refusal: executable },
	{ magic: [0xcf, 0xfa, 0xed, 0xfe], refusal: executable },
	{ magic: [0xca, 0xfe, 0xba, 0xbe], refusal: executable }, // Mach-O universal, Java class
	{ magic: [0x00, 0x61, 0x73, 0x6d], refusal: executable }, // WebAssembly
	{ magic: '#!', refusal: executable }
];

function matches(head: Uint8Array, { offset = 0, magic }: Signature): boolean {
	return typeof magic === 'string'
		? ascii(head, offset, magic.length) === magic
		: hasBytes(head, offset, magic);
}

/** Raw AAC in ADTS frames: the right codec in a container Shoal does not take (no seeking index). */
function isAdts(head: Uint8Array): boolean {
	return head[0] === 0xff && (head[1] & 0xf6) === 0xf0;
}

const TEXT_PROBE_BYTES = 4096;

export function recogniseNotAudio(head: Uint8Array): RefusedFile | null {
	const signature = SIGNATURES.find((candidate) => matches(head, candidate));
	if (signature) return signature.refusal();
	if (isAdts(head)) return refuseUnsupported('raw AAC (ADTS) without an M4A container');
	const text = decodeText(head.subarray(0, TEXT_PROBE_BYTES));
	return text === null ? null : classifyText(text);
}

/** UTF-8 (with or without BOM) free of control characters, or null for binary data. */
function decodeText(bytes: Uint8Array): string | null {
	let text: string;
	try {
		// stream: true keeps a multi-byte character cut at the probe's end from counting as invalid.
		text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes, { stream: true });
	} catch {
		return null;
	}
	// eslint-disable-next-line no-control-regex
	return /[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]/.test(text) ? null : text;
}

const HTML_START =
	/^(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|script|iframe|meta|title|style|link|div|form|table|p|a|h[1-6])[\s>/]/i;

function classifyText(text: string): RefusedFile {
	const start = text.trimStart();
	const lower = start.slice(0, 1024).toLowerCase();
	if (HTML_START.test(start) || lower.includes('<html')) return refuse('html');
	if (lower.startsWith('<svg') || (lower.startsWith('<?xml') && lower.includes('<svg')))
		return refuse('image');
	// Playlists (#EXTM3U, ffconcat, PLS, XSPF) and any other text: refused alike, so ffmpeg never reads them.
	return refuse('text');
}
