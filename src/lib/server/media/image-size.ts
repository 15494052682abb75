/**
 * The pixel size of a JPEG, PNG or WebP from its first bytes, without decoding it. Null when the
 * header cannot be read (the worker's decoder then has the last word). Pass the file's head: for a
 * JPEG the size sits after any metadata segments (EXIF, ICC), so read generously (IMAGE_HEAD_BYTES).
 */
export const IMAGE_HEAD_BYTES = 512 * 1024;

export interface ImageSize {
	width: number;
	height: number;
}

export function imageSize(head: Uint8Array): ImageSize | null {
	return pngSize(head) ?? webpSize(head) ?? jpegSize(head);
}

const view = (head: Uint8Array) => new DataView(head.buffer, head.byteOffset, head.byteLength);
const ascii = (head: Uint8Array, from: number, to: number) => String.fromCharCode(...head.subarray(from, to));

function pngSize(head: Uint8Array): ImageSize | null {
	if (head.length < 24 || ascii(head, 1, 4) !== 'PNG' || ascii(head, 12, 16) !== 'IHDR') return null;
	return { width: view(head).getUint32(16), height: view(head).getUint32(20) };
}

function webpSize(head: Uint8Array): ImageSize | null {
	if (head.length < 30 || ascii(head, 0, 4) !== 'RIFF' || ascii(head, 8, 12) !== 'WEBP') return null;
	const data = view(head);
	const chunk = ascii(head, 12, 16);
	if (chunk === 'VP8X') {
		const u24 = (at: number) =>
			data.getUint8(at) | (data.getUint8(at + 1) << 8) | (data.getUint8(at + 2) << 16);
		return { width: u24(24) + 1, height: u24(27) + 1 };
	}
	if (chunk === 'VP8L') {
		const bits = data.getUint32(21, true);
		return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
	}
	if (chunk === 'VP8 ') {
		return { width: data.getUint16(26, true) & 0x3fff, height: data.getUint16(28, true) & 0x3fff };
	}
	return null;
}

/** Walks the marker segments to the first start-of-frame (SOF0–SOF15, except DHT, JPG and DAC). */
function jpegSize(head: Uint8Array): ImageSize | null {
	if (head.length < 4 || head[0] !== 0xff || head[1] !== 0xd8) return null;
	const data = view(head);
	let at = 2;
	while (at + 9 < head.length) {
		if (head[at] !== 0xff) return null;
		const marker = head[at + 1];
		if (marker === 0xff) {
			at++; // fill byte
			continue;
		}
		const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
		if (isFrame) return { width: data.getUint16(at + 7), height: data.getUint16(at + 5) };
		if (marker === 0xd9 || marker === 0xda) return null; // end, or image data before any frame header
		at += 2 + data.getUint16(at + 2);
	}
	return null;
}
