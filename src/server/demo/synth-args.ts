import type { FfmpegCommand } from '../../../media-worker/ffmpeg/args';

/**
 * A small generative piece per demo track, made by ffmpeg's `aevalsrc` (no samples shipped, nothing
 * downloaded): a plucked pentatonic line over a slowly changing bass, with a soft noise hi-hat. Each
 * voice has its own tempo, key and pattern so the demo catalogue does not sound like one test tone.
 */
export interface Voice {
	/** Root note in Hz. */
	root: number;
	/** Notes per second of the plucked line. */
	rate: number;
	/** Pattern step: which scale degree comes next. */
	stride: number;
	/** How bright the pluck is (higher decays faster). */
	decay: number;
	hat: number;
}

const PENTATONIC = 'if(eq(D,0),0,if(eq(D,1),2,if(eq(D,2),4,if(eq(D,3),7,9))))';

function channel(voice: Voice, pan: number): string {
	const step = `floor(t*${voice.rate})`;
	const degree = PENTATONIC.replaceAll('D', `mod(${step}*${voice.stride}+floor(${step}/8),5)`);
	const octave = `(1+mod(floor(${step}/16),2))`;
	// Chord changes every 4 s through I–IV–V–vi (semitones 0, 5, 7, 9).
	const chord = `pow(2,if(eq(mod(floor(t/4),4),0),0,if(eq(mod(floor(t/4),4),1),5,if(eq(mod(floor(t/4),4),2),7,9)))/12)`;
	const noteLength = (1 / voice.rate).toFixed(4);
	const pluck = `${(0.22 * pan).toFixed(3)}*sin(2*PI*t*${voice.root}*${octave}*${chord}*pow(2,${degree}/12))*exp(-${voice.decay}*mod(t,${noteLength}))`;
	const bass = `${(0.18 * (2 - pan)).toFixed(3)}*sin(2*PI*t*${voice.root / 2}*${chord})*(0.7+0.3*sin(2*PI*t*0.125))`;
	const pad = `0.05*sin(2*PI*t*${voice.root * 1.5}*${chord})`;
	const hat = `${voice.hat}*(2*random(0)-1)*exp(-45*mod(t,${(2 / voice.rate).toFixed(4)}))`;
	// Fade in and out so tracks start and end cleanly.
	return `(${pluck}+${bass}+${pad}+${hat})*min(1,t/1.5)`;
}

export function synthArgs(options: {
	voice: Voice;
	durationSeconds: number;
	outputPath: string;
	codec: 'flac' | 'pcm_s16le' | 'libmp3lame';
}): FfmpegCommand {
	const { voice, durationSeconds, outputPath, codec } = options;
	const exprs = `${channel(voice, 1.1)}|${channel({ ...voice, decay: voice.decay * 1.2 }, 0.9)}`;
	const fadeOut = Math.max(0, durationSeconds - 2);
	return {
		tool: 'ffmpeg',
		args: [
			'-nostdin',
			'-hide_banner',
			'-loglevel',
			'error',
			'-f',
			'lavfi',
			'-i',
			`aevalsrc=exprs='${exprs}':s=48000:d=${durationSeconds}`,
			'-af',
			`afade=t=out:st=${fadeOut}:d=2,alimiter=limit=0.9`,
			'-c:a',
			codec,
			...(codec === 'libmp3lame' ? ['-b:a', '192k'] : []),
			'-y',
			outputPath
		]
	};
}
