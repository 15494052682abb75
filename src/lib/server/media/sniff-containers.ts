import { ascii, hasBytes, u16be, u16le, u32be, u32le } from './bytes';
import { accept, refuse, refuseUnsupported, type SniffResult } from './sniff-result';

/**
 * Recognisers for the non-MP4 audio containers. Each returns null when the bytes are not its format,
 * so the caller can try the next one.
 */

/** WAVE format tags that carry PCM or float samples: those files can feed the lossless rung. */
const LOSSLESS_WAVE_TAGS = new Set([0x0001, 0x0003]);
const WAVE_EXTENSIBLE = 0xfffe;

export function sniffWave(head: Uint8Array): SniffResult | null {
	const riff = ascii(head, 0, 4);
	if (!['RIFF', 'RIFX', 'RF64', 'BW64'].includes(riff)) return null;
	const form = ascii(head, 8, 4);
	if (form === 'WEBP') return refuse('image');
	if (form === 'AVI ') return refuseUnsupported('an AVI video');
	if (form !== 'WAVE') return null;
	const bigEndian = riff === 'RIFX';
	const u16 = bigEndian ? u16be : u16le;
	const u32 = bigEndian ? u32be : u32le;
	let lossless: boolean | null = null;
	for (let offset = 12; offset + 8 <= head.length;) {
		const size = u32(head, offset + 4);
		if (ascii(head, offset, 4) === 'fmt ') {
			let tag = u16(head, offset + 8);
			// WAVE_FORMAT_EXTENSIBLE keeps the real format in the first two bytes of its sub-format GUID.
			if (tag === WAVE_EXTENSIBLE) tag = u16(head, offset + 8 + 24);
			if (!Number.isNaN(tag)) lossless = LOSSLESS_WAVE_TAGS.has(tag);
			break;
		}
		// RF64 puts 0xFFFFFFFF in the data chunk's size; nothing useful lies past it anyway.
		if (size === 0xffffffff) break;
		offset += 8 + size + (size % 2);
	}
	return accept('wav', 'wav', lossless, riff === 'RIFF' || riff === 'RIFX' ? 'WAV' : `WAV (${riff})`);
}

/** AIFF-C compression types that are plain or byte-swapped PCM/float. */
const LOSSLESS_AIFC = new Set([
	'NONE',
	'none',
	'sowt',
	'twos',
	'raw ',
	'in24',
	'in32',
	'23ni',
	'fl32',
	'FL32',
	'fl64',
	'FL64'
]);

export function sniffAiff(head: Uint8Array): SniffResult | null {
	if (ascii(head, 0, 4) !== 'FORM') return null;
	const form = ascii(head, 8, 4);
	if (form === 'AIFF') return accept('aiff', 'aiff', true, 'AIFF');
	if (form !== 'AIFC') return null;
	let lossless: boolean | null = null;
	for (let offset = 12; offset + 8 <= head.length;) {
		const size = u32be(head, offset + 4);
		if (ascii(head, offset, 4) === 'COMM') {
			// COMM: channels(2) frames(4) bits(2) rate(10), then the compression type.
			const compression = ascii(head, offset + 8 + 18, 4);
			if (compression) lossless = LOSSLESS_AIFC.has(compression);
			break;
		}
		offset += 8 + size + (size % 2);
	}
	return accept('aiff', 'aiff', lossless, 'AIFF-C');
}

/**
 * Where the audio starts past leading ID3v2 tags (some files carry several). Tags can hold megabytes
 * of cover art, so the end may lie beyond `head`.
 */
export function id3v2End(head: Uint8Array, from = 0): number {
	let offset = from;
	for (let tags = 0; tags < 16 && offset + 10 <= head.length; tags++) {
		if (ascii(head, offset, 3) !== 'ID3') break;
		const size = syncsafe(head, offset + 6);
		if (size === null) break;
		const hasFooter = (head[offset + 5] & 0x10) !== 0;
		offset += 10 + size + (hasFooter ? 10 : 0);
	}
	return offset;
}

function syncsafe(bytes: Uint8Array, offset: number): number | null {
	let value = 0;
	for (let i = 0; i < 4; i++) {
		const byte = bytes[offset + i];
		if (byte === undefined || byte & 0x80) return null;
		value = value * 128 + byte;
	}
	return value;
}

export function sniffFlac(head: Uint8Array, offset = 0): SniffResult | null {
	// Only the marker is checked: a truncated FLAC passes here and fails later, in ffprobe, with its own message.
	return ascii(head, offset, 4) === 'fLaC' ? accept('flac', 'flac', true, 'FLAC') : null;
}

// Layer III only: Layer I/II files are rare and not what anyone means by "MP3".
const MPEG1_L3_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MPEG2_L3_KBPS = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
/** Indexed by the version bits: 0 = MPEG 2.5, 2 = MPEG 2, 3 = MPEG 1 (1 is reserved). */
const SAMPLE_RATES: Record<number, number[]> = {
	0: [11025, 12000, 8000],
	2: [22050, 24000, 16000],
	3: [44100, 48000, 32000]
};

interface MpegFrame {
	length: number;
	/** Version, layer and sample-rate bits: consecutive frames of one stream agree on them. */
	signature: number;
}

function mpegFrameAt(bytes: Uint8Array, offset: number): MpegFrame | null {
	if (offset + 4 > bytes.length) return null;
	const [b0, b1, b2, b3] = bytes.subarray(offset, offset + 4);
	if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return null;
	const versionBits = (b1 >> 3) & 3;
	const layerBits = (b1 >> 1) & 3;
	const bitrateIndex = b2 >> 4;
	const rateIndex = (b2 >> 2) & 3;
	if (versionBits === 1 || layerBits !== 1) return null;
	// Index 0 is "free format": no computable frame length, so it cannot be cross-checked.
	if (bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3 || (b3 & 3) === 2) return null;
	const mpeg1 = versionBits === 3;
	const bitrate = (mpeg1 ? MPEG1_L3_KBPS : MPEG2_L3_KBPS)[bitrateIndex] * 1000;
	const sampleRate = SAMPLE_RATES[versionBits][rateIndex];
	const padding = (b2 >> 1) & 1;
	const length = Math.floor(((mpeg1 ? 144 : 72) * bitrate) / sampleRate) + padding;
	return { length, signature: (b1 << 8) | (b2 & 0x0c) };
}

/**
 * Two consecutive Layer III frame headers, the second exactly where the first one's length says:
 * a lone 0xFFE sync is common in random bytes, a matching pair is not.
 */
export function sniffMp3(head: Uint8Array, from = 0, scanBytes = 0): SniffResult | null {
	const last = Math.min(from + scanBytes, head.length - 4);
	for (let offset = from; offset <= last; offset++) {
		const first = mpegFrameAt(head, offset);
		if (!first) continue;
		const second = mpegFrameAt(head, offset + first.length);
		if (second && second.signature === first.signature) return accept('mp3', 'mp3', false, 'MP3');
	}
	return null;
}

const OGG_CODECS: { magic: number[]; name: string }[] = [
	{ magic: [0x4f, 0x70, 0x75, 0x73, 0x48, 0x65, 0x61, 0x64], name: 'opus' }, // OpusHead
	{ magic: [0x01, 0x76, 0x6f, 0x72, 0x62, 0x69, 0x73], name: 'vorbis' }, // \x01vorbis
	{ magic: [0x7f, 0x46, 0x4c, 0x41, 0x43], name: 'Ogg FLAC' },
	{ magic: [0x53, 0x70, 0x65, 0x65, 0x78], name: 'Ogg Speex' },
	{ magic: [0x80, 0x74, 0x68, 0x65, 0x6f, 0x72, 0x61], name: 'an Ogg Theora video' },
	{ magic: [0x66, 0x69, 0x73, 0x68, 0x65, 0x61, 0x64], name: 'skeleton' } // fishead: metadata stream
];

/** Looks at every stream's first (BOS) page in the head; a skeleton stream may come before the audio. */
export function sniffOgg(head: Uint8Array): SniffResult | null {
	if (ascii(head, 0, 4) !== 'OggS') return null;
	const found: string[] = [];
	for (let page = 0, offset = 0; page < 16 && ascii(head, offset, 4) === 'OggS'; page++) {
		if (head[offset + 4] !== 0) break;
		const segments = head[offset + 26] ?? 0;
		let bodyLength = 0;
		for (let i = 0; i < segments; i++) bodyLength += head[offset + 27 + i] ?? 0;
		const body = offset + 27 + segments;
		if (head[offset + 5] & 0x02) {
			const codec = OGG_CODECS.find(({ magic }) => hasBytes(head, body, magic));
			found.push(codec?.name ?? 'unknown');
		} else break; // BOS pages all come first, so the first non-BOS page ends the list of streams.
		offset = body + bodyLength;
	}
	if (found.includes('opus')) return accept('opus', 'ogg', false, 'Ogg Opus');
	if (found.includes('vorbis')) return accept('vorbis', 'ogg', false, 'Ogg Vorbis');
	const named = found.find((name) => name !== 'unknown' && name !== 'skeleton');
	return refuseUnsupported(named ?? 'an Ogg file without Vorbis or Opus audio');
}
