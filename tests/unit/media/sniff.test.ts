import { describe, expect, it } from 'vitest';
import {
	FORCED_DEMUXERS,
	SNIFF_HEAD_BYTES,
	safeDisplayName,
	sniffAudio,
	sniffAudioFrom,
	type SniffResult
} from '../../../src/lib/server/media/sniff';

// Byte fixtures are built here, field by field, so each test shows exactly which bytes decide.
const bytes = (...parts: (string | number[] | Uint8Array)[]): Uint8Array =>
	Buffer.concat(
		parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part)))
	);
const u32le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const u16le = (n: number) => [n & 0xff, (n >> 8) & 0xff];

function wav(formatTag: number, riff = 'RIFF'): Uint8Array {
	const fmt = bytes(u16le(formatTag), u16le(2), u32le(44100), u32le(176400), u16le(4), u16le(16));
	return bytes(riff, u32le(36), 'WAVE', 'fmt ', u32le(fmt.length), fmt, 'data', u32le(0));
}
function aifc(compression: string): Uint8Array {
	const comm = bytes([0, 2], u32be(0), [0, 16], new Uint8Array(10), compression, [0, 0]);
	return bytes('FORM', u32be(100), 'AIFC', 'COMM', u32be(comm.length), comm);
}
function id3(size: number): Uint8Array {
	const syncsafe = [(size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f];
	return bytes('ID3', [4, 0, 0], syncsafe, new Uint8Array(size));
}
/** MPEG-1 Layer III, 128 kbit/s, 44.1 kHz: 417-byte frames. */
function mp3Frames(count: number): Uint8Array {
	const frame = bytes([0xff, 0xfb, 0x90, 0x64], new Uint8Array(413));
	return bytes(...Array.from({ length: count }, () => frame));
}
function box(type: string, ...payload: Uint8Array[]): Uint8Array {
	const body = bytes(...payload);
	return bytes(u32be(8 + body.length), type, body);
}
const ftyp = (brand = 'M4A ') => box('ftyp', bytes(brand, u32be(0), brand, 'isom'));
function moov(handler: string, sampleEntry: string): Uint8Array {
	const hdlr = box('hdlr', new Uint8Array(8), bytes(handler), new Uint8Array(12));
	const stsd = box('stsd', bytes(u32be(0), u32be(1)), box(sampleEntry, new Uint8Array(28)));
	return box('moov', box('trak', box('mdia', hdlr, box('minf', box('stbl', stsd)))));
}
function oggPage(body: Uint8Array, bos = true): Uint8Array {
	const header = bytes('OggS', [0, bos ? 2 : 0], new Uint8Array(8), u32le(1), u32le(0), u32le(0));
	return bytes(header, [1, body.length], body);
}
function seededBytes(seed: number, length: number): Uint8Array {
	const out = new Uint8Array(length);
	for (let i = 0; i < length; i++) {
		seed = (seed * 1664525 + 1013904223) >>> 0;
		out[i] = seed >>> 24;
	}
	return out;
}
const readerOver = (data: Uint8Array) => async (offset: number, length: number) =>
	data.subarray(offset, offset + length);

function expectAudio(result: SniffResult, kind: string, demuxer: string, lossless: boolean | null) {
	expect(result).toMatchObject({ ok: true, kind, demuxer, lossless });
}
function expectRefused(result: SniffResult, reason: string, message?: RegExp) {
	expect(result).toMatchObject({ ok: false, reason });
	if (message && !result.ok) expect(result.message).toMatch(message);
}

describe('sniffAudio: accepted formats', () => {
	it('WAV: PCM and float are lossless, compressed WAVE is not, RIFX/RF64/BW64 are WAV too', () => {
		expectAudio(sniffAudio(wav(1)), 'wav', 'wav', true);
		expectAudio(sniffAudio(wav(3)), 'wav', 'wav', true);
		expectAudio(sniffAudio(wav(0x55)), 'wav', 'wav', false);
		expectAudio(sniffAudio(bytes('RF64', u32le(0xffffffff), 'WAVE', 'ds64', u32le(0))), 'wav', 'wav', null);
		expectAudio(sniffAudio(wav(1, 'BW64')), 'wav', 'wav', true);
		expect(sniffAudio(bytes('RIFF', u32le(4), 'WAVE'))).toMatchObject({ ok: true, kind: 'wav' });
	});

	it('AIFF and AIFF-C, lossless unless the AIFF-C compression is lossy', () => {
		expectAudio(sniffAudio(bytes('FORM', u32be(4), 'AIFF')), 'aiff', 'aiff', true);
		expectAudio(sniffAudio(aifc('sowt')), 'aiff', 'aiff', true);
		expectAudio(sniffAudio(aifc('ulaw')), 'aiff', 'aiff', false);
	});

	it('FLAC, bare or behind an ID3 tag; a truncated FLAC passes here and is left to ffprobe to reject', () => {
		expectAudio(sniffAudio(bytes('fLaC', [0, 0, 0, 34], new Uint8Array(34))), 'flac', 'flac', true);
		expectAudio(sniffAudio(bytes(id3(100), 'fLaC', new Uint8Array(40))), 'flac', 'flac', true);
		expectAudio(sniffAudio(bytes('fLaC', [0, 0])), 'flac', 'flac', true);
	});

	it('MP3: two consecutive frames, with or without an ID3 tag (and padding after it)', () => {
		expectAudio(sniffAudio(mp3Frames(2)), 'mp3', 'mp3', false);
		expectAudio(sniffAudio(bytes(id3(200), new Uint8Array(37), mp3Frames(3))), 'mp3', 'mp3', false);
		// MPEG-2 Layer III, 64 kbit/s at 22.05 kHz: 208-byte frames.
		const mpeg2 = bytes([0xff, 0xf3, 0x80, 0xc4], new Uint8Array(204));
		expectAudio(sniffAudio(bytes(mpeg2, mpeg2)), 'mp3', 'mp3', false);
	});

	it('MP3: a lone frame header, or one followed by junk, is not enough', () => {
		expectRefused(sniffAudio(mp3Frames(1)), 'unknown');
		expectRefused(sniffAudio(bytes([0xff, 0xfb, 0x90, 0x64], seededBytes(7, 2000))), 'unknown');
		// A Layer II header (0xFFFD) is refused: Shoal takes Layer III only.
		expectRefused(sniffAudio(bytes([0xff, 0xfd, 0x90, 0x64], new Uint8Array(413))), 'unknown');
	});

	it('MP4: ALAC vs AAC from the sample entry, "mp4" when the codec is not in view, HEIF is an image', () => {
		expectAudio(sniffAudio(bytes(ftyp(), moov('soun', 'alac'))), 'alac', 'mov', true);
		expectAudio(sniffAudio(bytes(ftyp(), moov('soun', 'mp4a'))), 'aac', 'mov', false);
		expectAudio(sniffAudio(bytes(ftyp(), moov('soun', 'Opus'))), 'mp4', 'mov', null);
		expectAudio(sniffAudio(bytes(ftyp(), u32be(1_000_000), 'mdat')), 'mp4', 'mov', null);
		expectRefused(sniffAudio(bytes(ftyp('isom'), moov('vide', 'avc1'))), 'no_audio');
		expectRefused(sniffAudio(bytes(ftyp('heic'))), 'image');
	});

	it('Ogg: Opus and Vorbis accepted (also behind a skeleton stream), other Ogg codecs refused by name', () => {
		expectAudio(sniffAudio(oggPage(bytes('OpusHead', [1, 2]))), 'opus', 'ogg', false);
		expectAudio(sniffAudio(oggPage(bytes('\x01vorbis', new Uint8Array(20)))), 'vorbis', 'ogg', false);
		const skeleton = oggPage(bytes('fishead\0', new Uint8Array(56)));
		expectAudio(sniffAudio(bytes(skeleton, oggPage(bytes('OpusHead', [1, 2])))), 'opus', 'ogg', false);
		expectRefused(sniffAudio(oggPage(bytes('\x7fFLAC', [1, 0]))), 'unsupported', /Ogg FLAC/);
		expectRefused(sniffAudio(oggPage(bytes('Speex   '))), 'unsupported', /Speex/);
		expectRefused(sniffAudio(oggPage(bytes('\x80theora'))), 'unsupported', /Theora/);
	});

	it('every accepted result forces one of the known demuxers', () => {
		for (const head of [
			wav(1),
			mp3Frames(2),
			bytes(ftyp(), moov('soun', 'alac')),
			oggPage(bytes('OpusHead'))
		]) {
			const result = sniffAudio(head);
			expect(result.ok && FORCED_DEMUXERS.includes(result.demuxer)).toBe(true);
		}
	});
});

describe('sniffAudioFrom: looking past the head', () => {
	it('finds MP3 frames after an ID3 tag larger than the head (cover art)', async () => {
		const file = bytes(id3(200_000), mp3Frames(4));
		expectRefused(sniffAudio(file.subarray(0, SNIFF_HEAD_BYTES)), 'undecided');
		expectAudio(await sniffAudioFrom(readerOver(file)), 'mp3', 'mp3', false);
	});

	it('follows stacked ID3 tags, and refuses a file that is nothing but a tag', async () => {
		const file = bytes(id3(70_000), id3(90_000), 'fLaC', new Uint8Array(64));
		expectAudio(await sniffAudioFrom(readerOver(file)), 'flac', 'flac', true);
		expectRefused(await sniffAudioFrom(readerOver(id3(100_000))), 'unknown');
		expectRefused(sniffAudio(id3(1_000)), 'unknown');
	});

	it('hops over mdat to the moov at the end of an M4A to tell ALAC from AAC', async () => {
		const mdat = bytes(u32be(300_008), 'mdat', new Uint8Array(300_000));
		const file = bytes(ftyp(), mdat, moov('soun', 'alac'));
		expectAudio(sniffAudio(file.subarray(0, SNIFF_HEAD_BYTES)), 'mp4', 'mov', null);
		expectAudio(await sniffAudioFrom(readerOver(file)), 'alac', 'mov', true);
		const noMoov = bytes(ftyp(), mdat);
		expectAudio(await sniffAudioFrom(readerOver(noMoov)), 'mp4', 'mov', null);
	});
});

describe('sniffAudio: refusals a person understands', () => {
	const cases: [string, Uint8Array, string, RegExp][] = [
		['zero bytes', new Uint8Array(0), 'empty', /^this file is empty$/],
		['PNG', bytes([0x89], 'PNG\r\n\x1a\n', new Uint8Array(20)), 'image', /image, not audio/],
		['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0], new Uint8Array(20)), 'image', /image/],
		['GIF', bytes('GIF89a', new Uint8Array(20)), 'image', /image/],
		['WebP', bytes('RIFF', u32le(20), 'WEBPVP8 '), 'image', /image/],
		['SVG', bytes('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image', /image/],
		['HTML', bytes('<!DOCTYPE html><html><body>hi</body></html>'), 'html', /HTML page, not audio/],
		[
			'HTML with BOM and comment',
			bytes([0xef, 0xbb, 0xbf], '\n <!-- x -->\n<html lang="en">'),
			'html',
			/HTML/
		],
		['ZIP', bytes('PK\x03\x04', new Uint8Array(26)), 'zip', /ZIP archive/],
		['gzip', bytes([0x1f, 0x8b, 8, 0], new Uint8Array(20)), 'archive', /archive/],
		['ELF', bytes('\x7fELF', [2, 1, 1], new Uint8Array(57)), 'executable', /program, not audio/],
		['PE', bytes('MZ', new Uint8Array(62)), 'executable', /program/],
		['shell script', bytes('#!/bin/sh\nrm -rf /\n'), 'executable', /program/],
		['PDF', bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), 'pdf', /PDF/],
		['HLS playlist', bytes('#EXTM3U\n#EXTINF:10,\nfile:///etc/passwd\n'), 'text', /playlist\/text file/],
		['ffconcat script', bytes('ffconcat version 1.0\nfile /etc/passwd\n'), 'text', /playlist\/text file/],
		['plain text', bytes('just some notes about the mix\n'), 'text', /playlist\/text file/],
		['WebM', bytes([0x1a, 0x45, 0xdf, 0xa3], new Uint8Array(30)), 'unsupported', /WebM.*Shoal accepts/],
		['raw AAC', bytes([0xff, 0xf1, 0x50, 0x80], new Uint8Array(30)), 'unsupported', /ADTS/],
		['MIDI', bytes('MThd', u32be(6), new Uint8Array(6)), 'unsupported', /MIDI/],
		[
			'unknown bytes',
			bytes([0, 1, 2, 3, 0xfe, 0x00, 0x10], new Uint8Array(100)),
			'unknown',
			/WAV, AIFF.*Opus$/
		]
	];
	it.each(cases)('%s', (_name, head, reason, message) => expectRefused(sniffAudio(head), reason, message));

	it('the unknown-format message lists what Shoal accepts', () => {
		const result = sniffAudio(new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0]));
		expect(result).toEqual({
			ok: false,
			reason: 'unknown',
			message:
				'this file is not an audio format Shoal accepts: WAV, AIFF, FLAC, ALAC, AAC (M4A), MP3, Ogg Vorbis, Opus'
		});
	});

	it('never takes random bytes for audio (the two-frame MP3 check holds across many seeds)', () => {
		for (let seed = 1; seed <= 400; seed++) {
			expect(sniffAudio(seededBytes(seed, 8192)).ok, `seed ${seed}`).toBe(false);
			// Random bytes that start with a plausible MPEG frame header.
			const lookalike = bytes([0xff, 0xfb, 0x90, 0x64], seededBytes(seed, 4096));
			expect(sniffAudio(lookalike).ok, `lookalike seed ${seed}`).toBe(false);
		}
	});
});

describe('safeDisplayName', () => {
	it('keeps an ordinary name as it is', () => {
		expect(safeDisplayName('Tidal Pools (demo).flac')).toBe('Tidal Pools (demo).flac');
		expect(safeDisplayName('海の歌 – 04.wav')).toBe('海の歌 – 04.wav');
	});

	it('drops path parts, both slash kinds', () => {
		expect(safeDisplayName('../../etc/passwd')).toBe('passwd');
		expect(safeDisplayName('..\\..\\Windows\\song.mp3')).toBe('song.mp3');
		expect(safeDisplayName('song.mp3/..')).toBe('song.mp3');
	});

	it('removes NUL, control characters and bidi overrides', () => {
		expect(safeDisplayName('song\u0000.mp3')).toBe('song.mp3');
		expect(safeDisplayName('a\tb\r\nc\u0007.wav')).toBe('abc.wav');
		// "evil[RLO]3pm.exe" would display as "evilexe.mp3".
		expect(safeDisplayName('evil\u202e3pm.exe')).toBe('evil3pm.exe');
		expect(safeDisplayName('x\u2066y\u2069z\u202a.ogg')).toBe('xyz.ogg');
	});

	it('caps long names at 200 characters, keeping the extension', () => {
		const name = safeDisplayName(`${'a'.repeat(500)}.flac`);
		expect(Array.from(name)).toHaveLength(200);
		expect(name.endsWith('….flac')).toBe(true);
		const emoji = safeDisplayName(`${'🎵'.repeat(300)}.mp3`);
		expect(Array.from(emoji)).toHaveLength(200);
		expect(emoji).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
	});

	it('is never empty', () => {
		for (const name of ['', '   ', '../', '\u0000\u202e', '/', '..', '.\\.']) {
			expect(safeDisplayName(name)).toBe('untitled');
		}
	});
});
