/**
 * Writes a little piece of music for a demo track: a chord progression in a key, a song form
 * (intro, verses, choruses, a break, an outro) fitted to the track's length, a bass line on the
 * chord roots, a drum pattern of the style, and a melody built from a motif that repeats with
 * variations, so each track sounds like a piece rather than a test tone. Pure and deterministic:
 * the same style and seed give the same score.
 */
import type { Instrument, Note, Score } from './synth';

export interface Style {
	bpm: number;
	/** MIDI note of the key's root (60 = middle C). */
	key: number;
	scale: 'major' | 'minor' | 'dorian' | 'pentatonic' | 'mixolydian';
	/** Chord roots as scale degrees (0-based), one chord per bar. */
	progression: number[];
	lead: Instrument;
	bass: Instrument | null;
	chords: Instrument | null;
	drums: 'none' | 'soft' | 'four' | 'backbeat' | 'broken' | 'shaker';
	/** Notes per beat of the melody (1, 2 or 4) */
	density: number;
	swing: number;
	reverb: number;
}

const SCALES: Record<Style['scale'], number[]> = {
	major: [0, 2, 4, 5, 7, 9, 11],
	minor: [0, 2, 3, 5, 7, 8, 10],
	dorian: [0, 2, 3, 5, 7, 9, 10],
	mixolydian: [0, 2, 4, 5, 7, 9, 10],
	pentatonic: [0, 2, 4, 7, 9]
};

type Section = 'intro' | 'verse' | 'chorus' | 'break' | 'outro';

function rng(seed: number) {
	let state = seed >>> 0 || 1;
	return () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

const hz = (midi: number) => 440 * Math.pow(2, (midi - 69) / 12);

/** The song form for `bars` bars, in 4-bar phrases. */
export function songForm(bars: number): Section[] {
	const phrases = Math.max(2, Math.round(bars / 4));
	const form: Section[] = ['intro'];
	const body: Section[] = ['verse', 'verse', 'chorus', 'chorus', 'verse', 'break', 'chorus', 'chorus'];
	for (let i = 0; form.length < phrases - 1; i++) form.push(body[i % body.length]);
	form.push('outro');
	return form.slice(0, phrases).flatMap((section) => [section, section, section, section]);
}

export function compose(style: Style, seconds: number, seed: number): Score {
	const random = rng(seed);
	const scale = SCALES[style.scale];
	const beat = 60 / style.bpm;
	const bar = 4 * beat;
	// Enough bars to fill the track; the renderer stops at `seconds` and fades the end out.
	const form = songForm(Math.ceil(seconds / bar));
	const notes: Note[] = [];
	const pitch = (degree: number, octave: number) => {
		const size = scale.length;
		const wrapped = ((degree % size) + size) % size;
		return style.key + 12 * (octave + Math.floor(degree / size)) + scale[wrapped];
	};
	const add = (note: Omit<Note, 'pan'> & { pan?: number }) => notes.push({ pan: 0, ...note });

	// The motif: a rhythm and a contour over two bars, reused with variations in every verse/chorus.
	const steps = 8 * style.density;
	const motif = Array.from({ length: steps }, (_, i) => ({
		rest: i > 0 && random() < 0.28,
		move: Math.round((random() - 0.5) * 4),
		long: random() < 0.2
	}));

	form.forEach((section, index) => {
		const at = index * bar;
		const chord = style.progression[index % style.progression.length];
		const full = section === 'chorus';
		const quiet = section === 'intro' || section === 'outro' || section === 'break';

		if (style.chords) {
			for (const third of [0, 2, 4])
				add({
					start: at,
					duration: bar * 0.98,
					freq: hz(pitch(chord + third, 0)),
					velocity: quiet ? 0.7 : 0.55,
					instrument: style.chords,
					pan: third === 2 ? -0.35 : third === 4 ? 0.35 : 0
				});
		}
		if (style.bass && section !== 'intro') {
			const pattern = style.drums === 'four' ? [0, 1, 2, 3] : [0, 2, 2.5];
			for (const offset of pattern)
				add({
					start: at + offset * beat,
					duration: beat * 0.9,
					freq: hz(pitch(chord, -2) + (offset === 2.5 ? 7 : 0)),
					velocity: section === 'break' ? 0.5 : 0.8,
					instrument: style.bass
				});
		}
		if (style.drums !== 'none' && section !== 'intro' && !(section === 'outro' && index % 4 > 1)) {
			drumBar(style, at, beat, full, section === 'break', add);
		}
		if (section === 'verse' || section === 'chorus' || (section === 'outro' && index % 4 === 0)) {
			const half = index % 2;
			let degree = full ? 4 : 2;
			for (let s = 0; s < steps / 2; s++) {
				const step = motif[half * (steps / 2) + s];
				degree += step.move + (full && s === 0 ? 2 : 0);
				degree = Math.max(-2, Math.min(9, degree));
				if (step.rest) continue;
				const length = beat / style.density;
				const swing = s % 2 === 1 ? style.swing * length : 0;
				// Strong beats land on chord tones: the melody follows the harmony.
				const onBeat = s % style.density === 0;
				const tone = onBeat ? chord + 2 * Math.round((degree - chord) / 2) : degree;
				add({
					start: at + s * length + swing,
					duration: length * (step.long ? 1.8 : 0.85),
					freq: hz(pitch(tone, full ? 1 : 0)),
					velocity: (onBeat ? 0.85 : 0.65) * (0.9 + 0.2 * random()),
					instrument: style.lead,
					pan: 0.15
				});
			}
		}
	});
	return { seconds, notes, reverb: style.reverb };
}

function drumBar(
	style: Style,
	at: number,
	beat: number,
	full: boolean,
	sparse: boolean,
	add: (note: Omit<Note, 'pan'> & { pan?: number }) => void
) {
	const hit = (instrument: Instrument, beats: number, velocity: number, pan = 0) =>
		add({ start: at + beats * beat, duration: 0.1, freq: 0, velocity, instrument, pan });
	switch (style.drums) {
		case 'four':
			for (let b = 0; b < 4; b++) {
				if (!sparse) hit('kick', b, 0.9);
				hit('hat', b + 0.5, 0.7, 0.3);
			}
			if (full) [1, 3].forEach((b) => hit('snare', b, 0.6));
			break;
		case 'backbeat':
			hit('kick', 0, 0.9);
			if (!sparse) hit('kick', 2.5, 0.7);
			[1, 3].forEach((b) => hit('snare', b, full ? 0.8 : 0.65));
			for (let e = 0; e < 8; e++) hit('hat', e / 2 + (e % 2 ? style.swing / 2 : 0), e % 2 ? 0.4 : 0.6, 0.3);
			break;
		case 'broken':
			hit('kick', 0, 0.9);
			hit('kick', 1.75, 0.6);
			if (!sparse) hit('kick', 2.5, 0.7);
			hit('snare', 1, 0.7);
			hit('snare', 3, 0.75);
			for (let s = 0; s < 16; s++) if (s % 3 !== 2) hit('hat', s / 4, 0.35 + (s % 4 === 0 ? 0.2 : 0), 0.3);
			break;
		case 'soft':
			hit('kick', 0, 0.6);
			hit('snare', 2, 0.35);
			break;
		case 'shaker':
			for (let s = 0; s < 8; s++)
				hit('shaker', s / 2 + (s % 2 ? style.swing / 2 : 0), s % 2 ? 0.5 : 0.8, -0.2);
			if (full) hit('kick', 0, 0.5);
			break;
		case 'none':
			break;
	}
}
