/**
 * A small offline synthesiser for the demo catalogue: a score (notes with an instrument each) is
 * rendered block by block into 16-bit stereo PCM and written as a WAV file, so a five-minute piece
 * never sits whole in memory. Oscillators run from a wavetable with phase accumulators and
 * envelopes decay by multiplication: rendering is hundreds of times faster than realtime, where
 * ffmpeg's aevalsrc (the previous demo voice) evaluated an expression per sample at about 10x.
 * Everything is deterministic: the same score gives the same bytes.
 */
import fs from 'node:fs';

export const SAMPLE_RATE = 44_100;

export type Instrument =
	| 'pluck'
	| 'epiano'
	| 'square'
	| 'saw'
	| 'pad'
	| 'bass'
	| 'subbass'
	| 'bell'
	| 'kick'
	| 'snare'
	| 'hat'
	| 'shaker';

export interface Note {
	/** Seconds from the start of the piece. */
	start: number;
	/** Seconds the note is held (percussion ignores it). */
	duration: number;
	/** Hz (percussion ignores it). */
	freq: number;
	/** 0..1 */
	velocity: number;
	instrument: Instrument;
	/** -1 (left) .. 1 (right) */
	pan: number;
}

export interface Score {
	seconds: number;
	notes: Note[];
	/** 0..1: how much of the signal goes through the room (a few feedback delays). */
	reverb: number;
}

const TABLE_SIZE = 4096;
const SINE = Float32Array.from({ length: TABLE_SIZE + 1 }, (_, i) =>
	Math.sin((2 * Math.PI * i) / TABLE_SIZE)
);

/** Deterministic white noise in -1..1 from an integer (a hash, no state to carry between blocks). */
function noise(n: number): number {
	let x = (n * 0x9e3779b1) | 0;
	x ^= x >>> 15;
	x = Math.imul(x, 0x85ebca6b);
	x ^= x >>> 13;
	x = Math.imul(x, 0xc2b2ae35);
	x ^= x >>> 16;
	return (x & 0xffff) / 32768 - 1;
}

interface Voice {
	/** Partials as [frequency multiple, amplitude]. */
	partials: Array<[number, number]>;
	attack: number;
	/** Exponential decay per second while held. */
	decay: number;
	/** Level the decay settles at (0 for plucked sounds). */
	sustain: number;
	release: number;
	gain: number;
}

type Percussion = 'kick' | 'snare' | 'hat' | 'shaker';
const PERCUSSION = new Set<Instrument>(['kick', 'snare', 'hat', 'shaker']);
const isPercussion = (instrument: Instrument): instrument is Percussion => PERCUSSION.has(instrument);

const VOICES: Record<Exclude<Instrument, Percussion>, Voice> = {
	pluck: {
		partials: [
			[1, 1],
			[2, 0.45],
			[3, 0.2],
			[4, 0.1]
		],
		attack: 0.004,
		decay: 5,
		sustain: 0,
		release: 0.15,
		gain: 0.28
	},
	epiano: {
		partials: [
			[1, 1],
			[2, 0.3],
			[3.01, 0.12],
			[7, 0.04]
		],
		attack: 0.006,
		decay: 2.2,
		sustain: 0.15,
		release: 0.3,
		gain: 0.25
	},
	square: {
		partials: [
			[1, 1],
			[3, 0.33],
			[5, 0.2],
			[7, 0.14],
			[9, 0.11]
		],
		attack: 0.005,
		decay: 1.5,
		sustain: 0.5,
		release: 0.05,
		gain: 0.13
	},
	saw: {
		partials: [
			[1, 1],
			[2, 0.5],
			[3, 0.33],
			[4, 0.25],
			[5, 0.2],
			[6, 0.16]
		],
		attack: 0.02,
		decay: 1,
		sustain: 0.6,
		release: 0.2,
		gain: 0.12
	},
	pad: {
		partials: [
			[1, 1],
			[1.004, 0.8],
			[2, 0.3],
			[2.996, 0.15]
		],
		attack: 1.2,
		decay: 0.2,
		sustain: 0.8,
		release: 1.5,
		gain: 0.08
	},
	bass: {
		partials: [
			[1, 1],
			[2, 0.35],
			[3, 0.12]
		],
		attack: 0.008,
		decay: 2,
		sustain: 0.4,
		release: 0.08,
		gain: 0.3
	},
	subbass: {
		partials: [
			[1, 1],
			[2, 0.1]
		],
		attack: 0.01,
		decay: 0.8,
		sustain: 0.7,
		release: 0.1,
		gain: 0.32
	},
	bell: {
		partials: [
			[1, 1],
			[2.76, 0.5],
			[5.4, 0.25],
			[8.93, 0.12]
		],
		attack: 0.002,
		decay: 1.6,
		sustain: 0,
		release: 0.5,
		gain: 0.16
	}
};

/** How long a note keeps sounding after its start. */
function tailOf(note: Note): number {
	switch (note.instrument) {
		case 'kick':
			return 0.45;
		case 'snare':
			return 0.3;
		case 'hat':
		case 'shaker':
			return 0.12;
		default: {
			const voice = VOICES[note.instrument];
			return note.duration + voice.release;
		}
	}
}

/** Adds one note's samples for [from, to) (sample indices) into the block's left/right buffers. */
function renderNote(
	note: Note,
	from: number,
	to: number,
	blockStart: number,
	left: Float32Array,
	right: Float32Array
) {
	const start = Math.round(note.start * SAMPLE_RATE);
	const lGain = Math.sqrt((1 - note.pan) / 2) * note.velocity;
	const rGain = Math.sqrt((1 + note.pan) / 2) * note.velocity;
	if (isPercussion(note.instrument)) {
		for (let n = from; n < to; n++) {
			const t = (n - start) / SAMPLE_RATE;
			let s: number;
			if (note.instrument === 'kick') {
				// A falling sine: 150 Hz down to 48 Hz in a few tens of milliseconds.
				const phase = 48 * t + (102 / 28) * (1 - Math.exp(-28 * t));
				s = 0.9 * Math.sin(2 * Math.PI * phase) * Math.exp(-7 * t);
			} else if (note.instrument === 'snare') {
				s = (0.3 * noise(n) + 0.3 * Math.sin(2 * Math.PI * 185 * t)) * Math.exp(-22 * t);
			} else {
				// Hats: the difference of neighbouring noise samples is bright (a crude high-pass).
				const decay = note.instrument === 'hat' ? 60 : 32;
				s = 0.1 * (noise(n) - noise(n - 1)) * Math.exp(-decay * t);
			}
			left[n - blockStart] += s * lGain;
			right[n - blockStart] += s * rGain;
		}
		return;
	}
	const voice = VOICES[note.instrument as Exclude<Instrument, Percussion>];
	const held = note.duration * SAMPLE_RATE;
	const attack = Math.max(1, voice.attack * SAMPLE_RATE);
	const decayStep = Math.exp(-voice.decay / SAMPLE_RATE);
	const releaseStep = Math.exp(-6 / (voice.release * SAMPLE_RATE));
	for (const [multiple, amplitude] of voice.partials) {
		const freq = note.freq * multiple;
		if (freq >= SAMPLE_RATE / 2) continue;
		const step = (freq / SAMPLE_RATE) * TABLE_SIZE;
		let phase = ((((from - start) * step) % TABLE_SIZE) + TABLE_SIZE) % TABLE_SIZE;
		// The envelope at `from`, then advanced by multiplication.
		const since = from - start;
		let level =
			voice.sustain + (1 - voice.sustain) * Math.exp(-voice.decay * (Math.min(since, held) / SAMPLE_RATE));
		let released = since > held ? Math.pow(releaseStep, since - held) : 1;
		let excess = level - voice.sustain;
		for (let n = from; n < to; n++) {
			const i = phase | 0;
			const frac = phase - i;
			const osc = SINE[i] + (SINE[i + 1] - SINE[i]) * frac;
			const k = n - start;
			const rise = k < attack ? k / attack : 1;
			if (k < held) {
				excess *= decayStep;
				level = voice.sustain + excess;
			} else released *= releaseStep;
			const s = osc * amplitude * voice.gain * rise * level * released;
			left[n - blockStart] += s * lGain;
			right[n - blockStart] += s * rGain;
			phase += step;
			if (phase >= TABLE_SIZE) phase -= TABLE_SIZE;
		}
	}
}

/** A small room: four feedback delays per side at mutually prime lengths, mixed back in. */
function createRoom(amount: number) {
	const lengths = [1557, 1617, 1491, 1422].map((n) => Math.round((n * SAMPLE_RATE) / 44_100));
	const lines = [0, 1].map(() => lengths.map((length) => ({ buffer: new Float32Array(length), at: 0 })));
	return (left: Float32Array, right: Float32Array) => {
		if (amount <= 0) return;
		[left, right].forEach((channel, side) => {
			for (let n = 0; n < channel.length; n++) {
				const dry = channel[n];
				let wet = 0;
				for (const line of lines[side]) {
					const out = line.buffer[line.at];
					line.buffer[line.at] = dry + out * 0.78;
					line.at = (line.at + 1) % line.buffer.length;
					wet += out;
				}
				channel[n] = dry + (wet / 4) * amount;
			}
		});
	};
}

function wavHeader(frames: number): Buffer {
	const dataBytes = frames * 4;
	const header = Buffer.alloc(44);
	header.write('RIFF', 0);
	header.writeUInt32LE(36 + dataBytes, 4);
	header.write('WAVEfmt ', 8);
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(1, 20);
	header.writeUInt16LE(2, 22);
	header.writeUInt32LE(SAMPLE_RATE, 24);
	header.writeUInt32LE(SAMPLE_RATE * 4, 28);
	header.writeUInt16LE(4, 32);
	header.writeUInt16LE(16, 34);
	header.write('data', 36);
	header.writeUInt32LE(dataBytes, 40);
	return header;
}

/** Renders the score as a 16-bit stereo WAV at `file`, one second at a time. */
export function renderWav(score: Score, file: string): void {
	const frames = Math.round(score.seconds * SAMPLE_RATE);
	const notes = [...score.notes].sort((a, b) => a.start - b.start);
	const room = createRoom(score.reverb);
	const fd = fs.openSync(file, 'w');
	try {
		fs.writeSync(fd, wavHeader(frames));
		const block = SAMPLE_RATE;
		let first = 0;
		for (let blockStart = 0; blockStart < frames; blockStart += block) {
			const blockEnd = Math.min(frames, blockStart + block);
			const left = new Float32Array(blockEnd - blockStart);
			const right = new Float32Array(blockEnd - blockStart);
			while (first < notes.length && (notes[first].start + tailOf(notes[first])) * SAMPLE_RATE < blockStart)
				first++;
			for (let i = first; i < notes.length; i++) {
				const note = notes[i];
				const start = Math.round(note.start * SAMPLE_RATE);
				if (start >= blockEnd) break;
				const end = Math.min(blockEnd, start + Math.round(tailOf(note) * SAMPLE_RATE));
				const from = Math.max(blockStart, start);
				if (from < end) renderNote(note, from, end, blockStart, left, right);
			}
			room(left, right);
			const pcm = Buffer.alloc(left.length * 4);
			for (let n = 0; n < left.length; n++) {
				// Fade the first and last two seconds; soft-clip instead of wrapping.
				const t = (blockStart + n) / SAMPLE_RATE;
				const fade = Math.min(1, t / 0.05, (score.seconds - t) / 2);
				pcm.writeInt16LE(Math.round(Math.tanh(left[n] * fade) * 32000), n * 4);
				pcm.writeInt16LE(Math.round(Math.tanh(right[n] * fade) * 32000), n * 4 + 2);
			}
			fs.writeSync(fd, pcm);
		}
	} finally {
		fs.closeSync(fd);
	}
}
