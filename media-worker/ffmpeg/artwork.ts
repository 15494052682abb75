import fs from 'node:fs/promises';
import path from 'node:path';
import {
	ARTWORK_FORMATS,
	ARTWORK_SIZES,
	artworkArgs,
	artworkFileName,
	type AudioDemuxer,
	type ImageDemuxer
} from './args';
import type { FfmpegRunner, RunOptions } from './runner';

export interface ArtworkFile {
	size: number;
	format: (typeof ARTWORK_FORMATS)[number];
	path: string;
}

/**
 * Writes the cover at every ARTWORK_SIZES box as WebP and JPEG into `outputDir`. The input is an
 * uploaded cover image or an audio file with an embedded picture; throws `no_stream` without one.
 */
export async function extractArtwork(
	runner: FfmpegRunner,
	options: Omit<RunOptions, 'collectStdout' | 'onStdout'> & {
		input: { path: string; format: AudioDemuxer | ImageDemuxer };
		outputDir: string;
	}
): Promise<ArtworkFile[]> {
	const { input, outputDir, ...runOptions } = options;
	// Unlike the HLS muxer, image2 does not create missing directories.
	await fs.mkdir(outputDir, { recursive: true });
	await runner.run(artworkArgs({ input, outputDir }), runOptions);
	return ARTWORK_SIZES.flatMap((size) =>
		ARTWORK_FORMATS.map((format) => ({
			size,
			format,
			path: path.join(outputDir, artworkFileName(size, format))
		}))
	);
}
