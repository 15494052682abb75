import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	sniffAudio,
	sniffAudioFrom,
	SNIFF_HEAD_BYTES,
	type SniffResult
} from '../../../src/lib/server/media/sniff';

/**
 * Real files from Debian's ffmpeg, sniffed the way the upload path will: through a file handle, reading
 * only what the sniffer asks for. Each accepted file is then probed by ffprobe with the demuxer the
 * sniffer chose forced, proving the demuxer names are ones ffmpeg knows for that file.
 */

const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';
const FFPROBE = process.env.FFPROBE_PATH ?? 'ffprobe';

let dir: string;

function ffmpeg(args: string[]): void {
	execFileSync(FFMPEG, ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args], { stdio: 'pipe' });
}

/**
 * A stereo tone at 48 kHz (a rate every accepted codec takes, Opus included); `noise` makes the audio
 * incompressible, so an M4A's moov lands far past the head.
 */
function generate(name: string, encode: string[], seconds = 1, noise = false): string {
	const file = path.join(dir, name);
	const source = noise
		? `anoisesrc=d=${seconds}:c=white:r=48000`
		: `sine=frequency=440:duration=${seconds}:sample_rate=48000`;
	ffmpeg(['-f', 'lavfi', '-i', source, '-ac', '2', ...encode, file]);
	return file;
}

async function sniffFile(file: string): Promise<SniffResult> {
	const handle = await fs.promises.open(file, 'r');
	try {
		return await sniffAudioFrom(async (offset, length) => {
			const buffer = Buffer.alloc(length);
			const { bytesRead } = await handle.read(buffer, 0, length, offset);
			return buffer.subarray(0, bytesRead);
		});
	} finally {
		await handle.close();
	}
}

function probeCodec(file: string, demuxer: string): string {
	return execFileSync(
		FFPROBE,
		[
			'-v',
			'error',
			'-f',
			demuxer,
			'-select_streams',
			'a:0',
			'-show_entries',
			'stream=codec_name',
			'-of',
			'csv=p=0',
			file
		],
		{ encoding: 'utf8' }
	).trim();
}

beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-sniff-'));
});
afterAll(() => {
	fs.rmSync(dir, { recursive: true, force: true });
});

describe('sniffing real encoder output', () => {
	const cases: { name: string; encode: string[]; kind: string; lossless: boolean; codec: string }[] = [
		{ name: 'pcm.wav', encode: [], kind: 'wav', lossless: true, codec: 'pcm_s16le' },
		{ name: 'float.wav', encode: ['-c:a', 'pcm_f32le'], kind: 'wav', lossless: true, codec: 'pcm_f32le' },
		{ name: 'rf64.wav', encode: ['-rf64', 'always'], kind: 'wav', lossless: true, codec: 'pcm_s16le' },
		{ name: 'tone.aiff', encode: ['-f', 'aiff'], kind: 'aiff', lossless: true, codec: 'pcm_s16be' },
		{
			name: 'sowt.aifc',
			encode: ['-c:a', 'pcm_s16le', '-f', 'aiff'],
			kind: 'aiff',
			lossless: true,
			codec: 'pcm_s16le'
		},
		{ name: 'tone.flac', encode: [], kind: 'flac', lossless: true, codec: 'flac' },
		{ name: 'alac.m4a', encode: ['-c:a', 'alac'], kind: 'alac', lossless: true, codec: 'alac' },
		{ name: 'aac.m4a', encode: ['-c:a', 'aac'], kind: 'aac', lossless: false, codec: 'aac' },
		{ name: 'tone.mp3', encode: ['-c:a', 'libmp3lame'], kind: 'mp3', lossless: false, codec: 'mp3' },
		{ name: 'vorbis.ogg', encode: ['-c:a', 'libvorbis'], kind: 'vorbis', lossless: false, codec: 'vorbis' },
		{ name: 'opus.ogg', encode: ['-c:a', 'libopus'], kind: 'opus', lossless: false, codec: 'opus' },
		{ name: 'tone.opus', encode: ['-c:a', 'libopus'], kind: 'opus', lossless: false, codec: 'opus' }
	];

	it.each(cases)('$name → $kind', async ({ name, encode, kind, lossless, codec }) => {
		const file = generate(name, encode);
		const result = await sniffFile(file);
		expect(result).toMatchObject({ ok: true, kind, lossless });
		if (result.ok) expect(probeCodec(file, result.demuxer)).toBe(codec);
	});

	it('an ALAC whose moov sits past the first 64 KiB: the head says "mp4", the file read says ALAC', async () => {
		const file = generate('long-alac.m4a', ['-c:a', 'alac'], 3, true);
		const head = fs.readFileSync(file).subarray(0, SNIFF_HEAD_BYTES);
		expect(sniffAudio(head)).toMatchObject({ ok: true, kind: 'mp4', demuxer: 'mov', lossless: null });
		expect(await sniffFile(file)).toMatchObject({ ok: true, kind: 'alac', lossless: true });
	});

	it('a "faststart" AAC (moov first) is named from the head alone', () => {
		const file = generate('faststart.m4a', ['-c:a', 'aac', '-movflags', '+faststart'], 3, true);
		expect(sniffAudio(fs.readFileSync(file).subarray(0, SNIFF_HEAD_BYTES))).toMatchObject({ kind: 'aac' });
	});

	it('an MP3 with cover art bigger than the head is still found, and ffmpeg reads it as mp3', async () => {
		const cover = path.join(dir, 'cover.png');
		// Random pixels do not compress: a PNG of a few hundred KB, like real album art.
		ffmpeg([
			'-f',
			'lavfi',
			'-i',
			'nullsrc=s=320x320,geq=random(1)*255:random(2)*255:random(3)*255',
			'-frames:v',
			'1',
			cover
		]);
		const file = path.join(dir, 'with-art.mp3');
		ffmpeg(
			[
				'-f',
				'lavfi',
				'-i',
				'sine=duration=1',
				'-i',
				cover,
				'-map',
				'0:a',
				'-map',
				'1:v',
				'-c:a',
				'libmp3lame'
			].concat(['-c:v', 'copy', '-id3v2_version', '3', '-metadata:s:v', 'title=Album cover', file])
		);
		expect(sniffAudio(fs.readFileSync(file).subarray(0, SNIFF_HEAD_BYTES))).toMatchObject({
			reason: 'undecided'
		});
		const result = await sniffFile(file);
		expect(result).toMatchObject({ ok: true, kind: 'mp3', demuxer: 'mp3' });
		expect(probeCodec(file, 'mp3')).toBe('mp3');
	});

	it('FLAC behind an ID3 tag (some taggers do this) is FLAC, and the flac demuxer skips the tag', async () => {
		const flac = fs.readFileSync(generate('plain.flac', []));
		const tag = Buffer.concat([Buffer.from('ID3\x04\x00\x00\x00\x00\x01\x00', 'latin1'), Buffer.alloc(128)]);
		const file = path.join(dir, 'id3.flac');
		fs.writeFileSync(file, Buffer.concat([tag, flac]));
		expect(await sniffFile(file)).toMatchObject({ ok: true, kind: 'flac', demuxer: 'flac' });
		expect(probeCodec(file, 'flac')).toBe('flac');
	});

	it('a truncated FLAC is accepted by sniffing; it is ffprobe that must refuse it later', async () => {
		const flac = fs.readFileSync(generate('whole.flac', []));
		const file = path.join(dir, 'truncated.flac');
		fs.writeFileSync(file, flac.subarray(0, 12));
		expect(await sniffFile(file)).toMatchObject({ ok: true, kind: 'flac' });
	});

	it('a video file with no audio track is refused as such', async () => {
		const file = path.join(dir, 'silent-video.mp4');
		ffmpeg(['-f', 'lavfi', '-i', 'testsrc=d=1:s=64x64', '-c:v', 'mpeg4', '-movflags', '+faststart', file]);
		expect(await sniffFile(file)).toMatchObject({ ok: false, reason: 'no_audio' });
	});
});
