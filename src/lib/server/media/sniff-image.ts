/** Cover images are accepted by their bytes: JPEG, PNG or WebP. Returns the ffmpeg demuxer to force. */
export function sniffImage(head: Uint8Array): 'jpeg_pipe' | 'png_pipe' | 'webp_pipe' | null {
	if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg_pipe';
	const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
	if (head.length >= 8 && png.every((byte, i) => head[i] === byte)) return 'png_pipe';
	const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
	if (head.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp_pipe';
	return null;
}
