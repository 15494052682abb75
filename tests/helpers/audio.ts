import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * Test audio made by ffmpeg itself: an arpeggio over a bass line with a noisy hi-hat, different in each
 * channel, faded in and out. Not a bare sine, so AAC has real work and loudness has something to gate.
 */
const NOTE = (offset: string) =>
	`if(eq(floor(mod(t*4${offset},4)),0),0,if(eq(floor(mod(t*4${offset},4)),1),4,if(eq(floor(mod(t*4${offset},4)),2),7,12)))`;
const BASS = '0.2*sin(2*PI*t*110*pow(2,if(lt(mod(t,8),4),0,5)/12))';
const LEFT = `0.25*sin(2*PI*t*220*pow(2,${NOTE('')}/12))*exp(-4*mod(t,0.25))+${BASS}+0.06*(2*random(0)-1)*exp(-30*mod(t+0.125,0.25))`;
const RIGHT = `0.25*sin(2*PI*t*330*pow(2,${NOTE('+0.5')}/12))*exp(-4*mod(t+0.125,0.25))+${BASS}+0.06*(2*random(1)-1)*exp(-30*mod(t,0.25))`;

const CODECS = { wav: ['pcm_s16le'], flac: ['flac'], mp3: ['libmp3lame', '-b:a', '192k'] } as const;

export interface GeneratedAudio {
	path: string;
	format: 'wav' | 'flac' | 'mp3';
	seconds: number;
}

export function ffmpegSync(args: string[]): string {
	const result = spawnSync('ffmpeg', ['-nostdin', '-hide_banner', ...args], {
		encoding: 'utf8',
		timeout: 120_000
	});
	if (result.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed:\n${result.stderr}`);
	return result.stderr;
}

/** A stereo 48 kHz 16-bit track; `withPicture` embeds a generated 1600x1000 cover (FLAC only). */
export function generateTrack(options: {
	dir: string;
	name: string;
	seconds: number;
	format: 'wav' | 'flac';
	withPicture?: boolean;
}): GeneratedAudio {
	const { dir, name, seconds, format } = options;
	const file = path.join(dir, `${name}.${format}`);
	const fadeOut = Math.max(0, seconds - 2);
	const audio = [
		'-f',
		'lavfi',
		'-i',
		`aevalsrc=exprs='${LEFT}|${RIGHT}':s=48000:d=${seconds}`,
		'-af',
		`afade=t=in:d=1,afade=t=out:st=${fadeOut}:d=2`
	];
	if (options.withPicture) {
		ffmpegSync([
			'-v',
			'error',
			...audio.slice(0, 4),
			'-f',
			'lavfi',
			'-i',
			'testsrc2=s=1600x1000:d=1',
			...audio.slice(4),
			'-map',
			'0:a',
			'-map',
			'1:v',
			'-frames:v',
			'1',
			'-c:a',
			'flac',
			'-c:v',
			'png',
			'-disposition:v',
			'attached_pic',
			'-metadata',
			'title=<script>alert(1)</script>',
			'-y',
			file
		]);
	} else {
		ffmpegSync(['-v', 'error', ...audio, '-c:a', ...CODECS[format], '-y', file]);
	}
	return { path: file, format, seconds };
}

/** Converts an existing track, e.g. the WAV to FLAC (the same samples) or to MP3 (a lossy source). */
export function convertTrack<F extends GeneratedAudio['format']>(source: GeneratedAudio, format: F) {
	const file = source.path.replace(/\.\w+$/, `.${format}`);
	ffmpegSync(['-v', 'error', '-i', source.path, '-c:a', ...CODECS[format], '-y', file]);
	return { path: file, format, seconds: source.seconds };
}

/**
 * ffmpeg's own EBU R128 reading of a file or HLS playlist, decoding all of it: `-xerror` makes any
 * decode error in any segment throw.
 */
export function decodeAndMeasure(file: string): { integrated: number; truePeak: number } {
	const stderr = ffmpegSync([
		'-nostats',
		'-xerror',
		'-protocol_whitelist',
		'file',
		'-i',
		file,
		'-af',
		'ebur128=peak=true',
		'-f',
		'null',
		'-'
	]);
	const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
	return {
		integrated: Number(/I:\s+(-?[\d.]+) LUFS/.exec(summary)?.[1]),
		truePeak: Number(/Peak:\s+(-?[\d.]+) dBFS/.exec(summary)?.[1])
	};
}
