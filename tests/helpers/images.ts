import fs from 'node:fs';
import zlib from 'node:zlib';

/** A PNG header claiming 9000x9000 pixels (81 MP) over a few bytes of data: a decompression bomb. */
export function decompressionBomb(file: string): void {
	const chunk = (type: string, data: Buffer) => {
		const length = Buffer.alloc(4);
		length.writeUInt32BE(data.length);
		// ffmpeg does not check PNG CRCs by default; zeros keep this helper short.
		return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
	};
	const header = Buffer.from([0, 0, 0x23, 0x28, 0, 0, 0x23, 0x28, 8, 2, 0, 0, 0]);
	fs.writeFileSync(
		file,
		Buffer.concat([
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
			chunk('IHDR', header),
			chunk('IDAT', zlib.deflateSync(Buffer.alloc(1000))),
			chunk('IEND', Buffer.alloc(0))
		])
	);
}
