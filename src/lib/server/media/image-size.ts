import { ascii, u16be, u16le, u32be } from './bytes';

export interface ImageSize {
	width: number;
	height: number;
}

/**
 * Pixel dimensions from a JPEG, PNG or WebP header, without decoding; null when the bytes do not say.
 * JPEG keeps its size in the first start-of-frame segment, after any metadata, so pass enough bytes
 * (the whole file is fine).
 */
export function imageSize(bytes: Uint8Array): ImageSize | null {
	if (bytes[0] === 0x89 && ascii(bytes, 1, 3) === 'PNG') return ok(u32be(bytes, 16), u32be(bytes, 20));
	if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return webpSize(bytes);
	if (bytes[0] === 0xff && bytes[1] === 0xd8) return jpegSize(bytes);
	return null;
}

function ok(width: number, height: number): ImageSize | null {
	return Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0
		? { width, height }
		: null;
}

function u24le(bytes: Uint8Array, offset: number): number {
	if (offset + 3 > bytes.length) return NaN;
	return bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16);
}

function webpSize(bytes: Uint8Array): ImageSize | null {
	const chunk = ascii(bytes, 12, 4);
	if (chunk === 'VP8X') return ok(u24le(bytes, 24) + 1, u24le(bytes, 27) + 1);
	if (chunk === 'VP8 ') return ok(u16le(bytes, 26) & 0x3fff, u16le(bytes, 28) & 0x3fff);
	if (chunk === 'VP8L' && bytes.length >= 25) {
		const b = bytes;
		return ok(
			1 + (((b[22] & 0x3f) << 8) | b[21]),
			1 + (((b[24] & 0x0f) << 10) | (b[23] << 2) | ((b[22] & 0xc0) >> 6))
		);
	}
	return null;
}

/** Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not. */
function isStartOfFrame(marker: number): boolean {
	return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpegSize(bytes: Uint8Array): ImageSize | null {
	let offset = 2;
	while (offset + 4 <= bytes.length) {
		if (bytes[offset] !== 0xff) return null;
		const marker = bytes[offset + 1];
		if (marker === 0xff) {
			offset++; // fill byte
			continue;
		}
		if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
			offset += 2; // markers without a length
			continue;
		}
		if (marker === 0xd9 || marker === 0xda) return null; // end of image or scan data before any frame
		if (isStartOfFrame(marker)) return ok(u16be(bytes, offset + 7), u16be(bytes, offset + 5));
		const length = u16be(bytes, offset + 2);
		if (!(length >= 2)) return null;
		offset += 2 + length;
	}
	return null;
}
