import type { FfmpegCommand } from '../../../media-worker/ffmpeg/args';

/**
 * ffmpeg commands for the demo catalogue, as data: the composed WAV (see synth.ts) encoded into the
 * codec a demo release pretends its artist exported, and a generated SVG cover rasterised to JPEG.
 * Only paths the seeder made itself go in; no user text reaches these arguments.
 */
export type DemoCodec = 'flac' | 'pcm_s16le' | 'libmp3lame';

const QUIET = ['-nostdin', '-hide_banner', '-loglevel', 'error'];

export function encodeArgs(options: { input: string; output: string; codec: DemoCodec }): FfmpegCommand {
	const { input, output, codec } = options;
	return {
		tool: 'ffmpeg',
		args: [
			...QUIET,
			'-i',
			input,
			'-map',
			'0:a:0',
			'-c:a',
			codec,
			...(codec === 'libmp3lame' ? ['-b:a', '256k'] : []),
			'-y',
			output
		]
	};
}

export function rasteriseArgs(options: { svg: string; jpeg: string }): FfmpegCommand {
	return {
		tool: 'ffmpeg',
		args: [...QUIET, '-i', options.svg, '-frames:v', '1', '-q:v', '2', '-y', options.jpeg]
	};
}
