import path from 'node:path';
import type { ProfileImageShape } from '../../src/lib/shared/profile-images';
import { checkOutputDir, commonOptions, forcedInput, type FfmpegCommand, type ImageDemuxer } from './args';

const MAX_PIXELS = 50_000_000;

/**
 * An uploaded avatar or banner → centre-cropped to the shape's aspect ratio → every size of the shape,
 * as WebP and JPEG, in one process. Sizes are exact (the upload was checked to be large enough).
 */
export function profileImageArgs(options: {
	input: { path: string; format: ImageDemuxer };
	outputDir: string;
	shape: ProfileImageShape;
}): FfmpegCommand {
	const { input, outputDir, shape } = options;
	checkOutputDir(outputDir);
	if (!['jpeg_pipe', 'png_pipe', 'webp_pipe'].includes(input.format))
		throw new RangeError(`"${input.format}" is not an image demuxer Shoal forces`);
	const { aspect, sizes } = shape;
	// The largest centred box of the wanted aspect ratio.
	const crop = `crop=w='min(iw,ih*${aspect})':h='min(iw,ih*${aspect})/${aspect}'`;
	const graph = [
		`[0:v:0]${crop},split=${sizes.length}${sizes.map((_, i) => `[s${i}]`).join('')}`,
		...sizes.map((size, i) => `[s${i}]scale=${size.width}:${size.height},split=2[w${i}][j${i}]`)
	];
	const outputs = sizes.flatMap((size, i) => [
		...['-map', `[w${i}]`, '-frames:v', '1', '-map_metadata', '-1', '-c:v', 'libwebp', '-quality', '80'],
		...['-f', 'image2', '-update', '1', path.join(outputDir, `${size.name}.webp`)],
		...['-map', `[j${i}]`, '-frames:v', '1', '-map_metadata', '-1', '-c:v', 'mjpeg', '-q:v', '3'],
		...['-pix_fmt', 'yuvj420p', '-f', 'image2', '-update', '1', path.join(outputDir, `${size.name}.jpg`)]
	]);
	return {
		tool: 'ffmpeg',
		args: [
			...commonOptions('error'),
			'-max_pixels',
			String(MAX_PIXELS),
			...forcedInput(input.path, input.format),
			'-filter_complex',
			graph.join(';'),
			...outputs
		],
		outputLimit: { dir: outputDir, maxBytes: 16 * 1024 * 1024 }
	};
}
