/** Byte readers for format sniffing. Out-of-range reads give NaN/'' so callers' comparisons simply fail. */

export function ascii(bytes: Uint8Array, offset: number, length: number): string {
	if (offset < 0 || offset + length > bytes.length) return '';
	let text = '';
	for (let i = offset; i < offset + length; i++) text += String.fromCharCode(bytes[i]);
	return text;
}

export function hasBytes(bytes: Uint8Array, offset: number, expected: readonly number[]): boolean {
	if (offset < 0 || offset + expected.length > bytes.length) return false;
	return expected.every((value, i) => bytes[offset + i] === value);
}

export function u16be(bytes: Uint8Array, offset: number): number {
	if (offset + 2 > bytes.length) return NaN;
	return (bytes[offset] << 8) | bytes[offset + 1];
}

export function u16le(bytes: Uint8Array, offset: number): number {
	if (offset + 2 > bytes.length) return NaN;
	return bytes[offset] | (bytes[offset + 1] << 8);
}

export function u32be(bytes: Uint8Array, offset: number): number {
	if (offset + 4 > bytes.length) return NaN;
	return (
		((bytes[offset] << 24) >>> 0) + (bytes[offset + 1] << 16) + (bytes[offset + 2] << 8) + bytes[offset + 3]
	);
}

export function u32le(bytes: Uint8Array, offset: number): number {
	if (offset + 4 > bytes.length) return NaN;
	return (
		((bytes[offset + 3] << 24) >>> 0) + (bytes[offset + 2] << 16) + (bytes[offset + 1] << 8) + bytes[offset]
	);
}

/** 64-bit sizes as a double: exact up to 2^53, far beyond any file Shoal accepts. */
export function u64be(bytes: Uint8Array, offset: number): number {
	return u32be(bytes, offset) * 2 ** 32 + u32be(bytes, offset + 4);
}
