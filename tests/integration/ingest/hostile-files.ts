import fs from 'node:fs';
import path from 'node:path';
import { ffmpegSync } from '../../helpers/audio';

/**
 * Hostile inputs that pass sniffing (they are real FLAC and WAV files) and must be refused by the
 * worker. Each is made cheaply, in seconds.
 */

/**
 * FLAC whose Vorbis comments are exactly these `KEY=value` byte strings (NUL bytes and all), with
 * `extraBlocks` (metadata block type and body) written before them.
 */
export function flacWithComments(
	source: string,
	file: string,
	comments: Buffer[],
	extraBlocks: { type: number; body: Buffer }[] = []
): string {
	const flac = fs.readFileSync(source);
	if (flac.toString('latin1', 0, 4) !== 'fLaC') throw new Error(`${source} is not FLAC`);
	const kept: Buffer[] = [];
	let offset = 4;
	for (let last = false; !last;) {
		last = (flac[offset] & 0x80) !== 0;
		const type = flac[offset] & 0x7f;
		const length = flac.readUIntBE(offset + 1, 3);
		// Drop the old comments and padding; keep STREAMINFO, seek table and pictures.
		if (type !== 4 && type !== 1) kept.push(Buffer.from(flac.subarray(offset, offset + 4 + length)));
		offset += 4 + length;
	}
	const vendor = Buffer.from('shoal-tests');
	const parts = [u32le(vendor.length), vendor, u32le(comments.length)];
	for (const comment of comments) parts.push(u32le(comment.length), comment);
	const body = Buffer.concat(parts);
	const header = Buffer.alloc(4);
	header[0] = 0x80 | 4;
	header.writeUIntBE(body.length, 1, 3);
	for (const extra of extraBlocks) {
		const extraHeader = Buffer.alloc(4);
		extraHeader[0] = extra.type;
		extraHeader.writeUIntBE(extra.body.length, 1, 3);
		kept.push(Buffer.concat([extraHeader, extra.body]));
	}
	for (const block of kept) block[0] &= 0x7f;
	fs.writeFileSync(file, Buffer.concat([flac.subarray(0, 4), ...kept, header, body, flac.subarray(offset)]));
	return file;
}

function u32le(value: number): Buffer {
	const buffer = Buffer.alloc(4);
	buffer.writeUInt32LE(value);
	return buffer;
}

/** Noise does not compress, so cutting the file loses most of its length (an interrupted copy). */
export function truncatedFlac(dir: string): string {
	const full = path.join(dir, 'noise.flac');
	ffmpegSync([
		'-v',
		'error',
		'-f',
		'lavfi',
		'-i',
		'anoisesrc=d=30:r=48000:a=0.3',
		'-ac',
		'2',
		'-c:a',
		'flac',
		'-y',
		full
	]);
	const file = path.join(dir, 'truncated.flac');
	const bytes = fs.readFileSync(full);
	fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * 0.4)));
	return file;
}

/** Real digital silence, 10 hours of it: at 8 kHz mono FLAC it is a few MB and a few seconds to make. */
export function tenHoursOfSilence(dir: string): string {
	const file = path.join(dir, 'silence-10h.flac');
	ffmpegSync([
		'-v',
		'error',
		'-f',
		'lavfi',
		'-i',
		'anullsrc=r=8000:cl=mono',
		'-t',
		'36000',
		'-c:a',
		'flac',
		'-y',
		file
	]);
	return file;
}

/** A 2-second 48 kHz stereo WAV whose `data` chunk claims 2 GiB (over 3 hours). */
export function wavClaimingHugeData(dir: string): string {
	const real = path.join(dir, 'short.wav');
	ffmpegSync([
		'-v',
		'error',
		'-f',
		'lavfi',
		'-i',
		'sine=f=330:d=2:r=48000',
		'-ac',
		'2',
		'-c:a',
		'pcm_s16le',
		'-y',
		real
	]);
	const bytes = fs.readFileSync(real);
	const data = bytes.indexOf('data', 12, 'latin1');
	bytes.writeUInt32LE(0x7ffffff0, data + 4);
	const file = path.join(dir, 'huge-claim.wav');
	fs.writeFileSync(file, bytes);
	return file;
}

function u32be(value: number): Buffer {
	const buffer = Buffer.alloc(4);
	buffer.writeUInt32BE(value);
	return buffer;
}

/**
 * FLAC whose cover is a *linked* picture: the FLAC format lets a PICTURE block carry the MIME type
 * `-->` and a URL instead of image bytes. A decoder that followed it would read `url`.
 */
export function flacLinkingPicture(source: string, file: string, url: string): string {
	const mime = Buffer.from('-->');
	const link = Buffer.from(url);
	const body = Buffer.concat([
		u32be(3), // front cover
		u32be(mime.length),
		mime,
		u32be(0), // no description
		u32be(0),
		u32be(0),
		u32be(0),
		u32be(0), // width, height, depth, colours: unknown
		u32be(link.length),
		link
	]);
	return flacWithComments(source, file, [Buffer.from('TITLE=Linked picture')], [{ type: 6, body }]);
}

/**
 * A real 3-second MP3 that sniffs as MP3 (an ID3 tag, then MPEG frames), with an HLS playlist
 * hidden between the tag and the frames. ffmpeg skips ID3 tags when it guesses a format, so a worker
 * that let ffmpeg guess would read this as a playlist and fetch each of `segments`.
 */
export function mp3HidingPlaylist(dir: string, name: string, segments: string[]): string {
	const frames = path.join(dir, `${name}-frames.mp3`);
	ffmpegSync([
		'-v',
		'error',
		'-f',
		'lavfi',
		'-i',
		'sine=f=440:d=3',
		'-c:a',
		'libmp3lame',
		'-b:a',
		'128k',
		'-id3v2_version',
		'0',
		'-write_xing',
		'0',
		'-y',
		frames
	]);
	const playlist = [
		'#EXTM3U',
		'#EXT-X-TARGETDURATION:11',
		'#EXT-X-MEDIA-SEQUENCE:0',
		...segments.flatMap((segment) => ['#EXTINF:11,', segment]),
		'#EXT-X-ENDLIST',
		''
	].join('\n');
	const tagBody = Buffer.alloc(20); // an ID3v2.3 tag holding only padding
	const size = tagBody.length;
	const tagHeader = Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, (size >> 7) & 0x7f, size & 0x7f]);
	const file = path.join(dir, `${name}.mp3`);
	fs.writeFileSync(file, Buffer.concat([tagHeader, tagBody, Buffer.from(playlist), fs.readFileSync(frames)]));
	fs.rmSync(frames);
	return file;
}

/** 11 seconds of MPEG-TS audio: what a followed playlist would pull in (it has an allowed extension). */
export function elevenSecondsOfTs(file: string): string {
	ffmpegSync([
		'-v',
		'error',
		'-f',
		'lavfi',
		'-i',
		'sine=f=880:d=11',
		'-c:a',
		'mp2',
		'-f',
		'mpegts',
		'-y',
		file
	]);
	return file;
}

/** A real 0.02-second WAV (a blip): valid audio, far too short to be a track. */
export function blipWav(dir: string): string {
	const file = path.join(dir, 'blip.wav');
	ffmpegSync([
		'-v',
		'error',
		'-f',
		'lavfi',
		'-i',
		'sine=frequency=440:sample_rate=48000:duration=0.02',
		'-y',
		file
	]);
	return file;
}
