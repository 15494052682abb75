import { describe, expect, it } from 'vitest';
import {
	classifyFailure,
	explain,
	plainFailure,
	stoppedMessage,
	type FailureSubject,
	type FfmpegFailure
} from '../../../media-worker/ffmpeg/errors';

describe('explain', () => {
	it('picks the cause, not the lines that follow from it', () => {
		const tail = [
			'[wav @ 0x5562321911c0] invalid start code [60]htm in RIFF header',
			'file:/srv/shoal/uploads/u_1: Invalid data found when processing input',
			'Conversion failed!'
		];
		expect(explain(tail, ['file:/srv/shoal/uploads/u_1', '/srv/shoal/uploads/u_1'])).toBe(
			'invalid start code [60]htm in RIFF header'
		);
	});

	it('removes our paths and ffmpeg’s nested [component @ address] prefixes', () => {
		const tail = ['[png @ 0x55] [IMGUTILS @ 0x7ffc] Could not open /srv/in/x for reading'];
		expect(explain(tail, ['/srv/in/x'])).toBe('Could not open the file for reading');
	});

	it('rewords messages that mean nothing to an artist', () => {
		expect(
			explain([
				'[png @ 0x55] [IMGUTILS @ 0x7f] Picture size 9000x9000 exceeds specified max pixel count 50000000, see the documentation if you wish to increase it',
				'Error while decoding stream #0:0: Invalid argument'
			])
		).toBe('the picture is too large (9000x9000 pixels)');
		expect(
			explain(['Cannot determine format of input stream 0:0 after EOF', 'Error marking filters as finished'])
		).toBe('nothing in it could be decoded');
	});

	it('ignores informational chatter and keeps long lines short', () => {
		expect(
			explain(['Input #0, wav, from x:', 'Stream mapping:', `Invalid data ${'x'.repeat(500)}`])
		).toHaveLength(201);
		expect(explain(['Stream mapping:'])).toBe('Stream mapping:');
		expect(explain([])).toBe('');
	});
});

describe('classifyFailure', () => {
	const classify = (stderrTail: string[], signal: string | null = null) =>
		classifyFailure({ tool: 'ffmpeg', exitCode: signal ? null : 1, signal, stderrTail }, [
			'file:/srv/in',
			'/srv/in'
		]);

	it.each([
		[
			["Stream map '0:a:0' matches no streams.", "To ignore this, add a trailing '?' to the map."],
			'no_stream',
			'this file has no audio stream'
		],
		[
			["Stream specifier ':v:0' in filtergraph description [0:v:0]split=3[s0] matches no streams."],
			'no_stream',
			'this file has no embedded picture'
		],
		[
			[
				'[hls @ 0x1] Failed to open file /srv/x/segment_00001.m4s',
				'Error writing trailer: No space left on device'
			],
			'disk_full',
			'the disk is full, so processing stopped'
		],
		[
			['/srv/in: No such file or directory'],
			'failed',
			'ffmpeg could not open its files: No such file or directory'
		],
		[
			['Invalid data found when processing input'],
			'undecodable',
			'ffmpeg could not decode this file: Invalid data found when processing input'
		],
		[[], 'undecodable', 'ffmpeg could not decode this file (exit code 1)']
	])('reads %j as %s', (tail, reason, message) => {
		const error = classify(tail);
		expect(error.reason).toBe(reason);
		expect(error.message).toBe(message);
	});

	it('blames a signal nobody here sent on the machine', () => {
		expect(classify([], 'SIGKILL').message).toBe(
			'ffmpeg was stopped by SIGKILL (the machine may have run out of memory)'
		);
	});
});

describe('stoppedMessage', () => {
	it('states the time limit in units a person reads', () => {
		expect(stoppedMessage('timeout', 300)).toBe('processing took longer than 300 ms and was stopped');
		expect(stoppedMessage('timeout', 45_000)).toBe('processing took longer than 45 seconds and was stopped');
		expect(stoppedMessage('timeout', 30 * 60_000)).toBe(
			'processing took longer than 30 minutes and was stopped'
		);
	});
});

describe('plainFailure: every failure class in plain words', () => {
	const CLASSES: FfmpegFailure[] = [
		'not_installed',
		'timeout',
		'aborted',
		'output_too_large',
		'no_stream',
		'undecodable',
		'image_too_large',
		'disk_full',
		'killed',
		'failed'
	];
	const SUBJECTS: FailureSubject[] = ['audio', 'image', 'file'];
	// Words that mean nothing to an artist: tools, codecs, containers, ffmpeg's own phrases.
	const JARGON =
		/ffmpeg|ffprobe|codec|demux|stream|pcm|aac|opus|invalid data|exit code|SIG[A-Z]+|errno|ENOENT|ENOSPC|0x/i;

	it.each(CLASSES.flatMap((reason) => SUBJECTS.map((subject) => [reason, subject] as const)))(
		'%s for %s: says what happened and what to do, without jargon',
		(reason, subject) => {
			const text = plainFailure(reason, subject);
			expect(text).not.toMatch(JARGON);
			// Two sentences at least: what happened, then what to do (an imperative: try, export, save…).
			expect(text.split(/(?<=\.)\s+/).length).toBeGreaterThanOrEqual(2);
			expect(text).toMatch(/\b(Try again|Export it again|Save it|Upload it again|Check it opens)\b/);
		}
	);

	it.each([
		[
			'undecodable',
			'audio',
			"This file isn't audio Shoal can read. Export it again as WAV, FLAC or MP3 and upload it."
		],
		[
			'image_too_large',
			'image',
			'This image has too many pixels to process safely. Save it at 3000 × 3000 pixels or smaller and upload it again.'
		],
		[
			'undecodable',
			'image',
			"This image couldn't be read. Save it again as a JPEG or PNG and upload it, or choose a different image."
		]
	] as const)('%s for %s reads: %s', (reason, subject, text) => {
		expect(plainFailure(reason, subject)).toBe(text);
	});

	it('classifies a decompression bomb as its own class, so an image gets its own sentence', () => {
		const error = classifyFailure(
			{
				tool: 'ffmpeg',
				exitCode: 1,
				stderrTail: [
					'[png @ 0x55] [IMGUTILS @ 0x7f] Picture size 9000x9000 exceeds specified max pixel count 50000000, see the documentation if you wish to increase it'
				]
			},
			[]
		);
		expect(error.reason).toBe('image_too_large');
		expect(error.message).toBe('ffmpeg refused the picture: the picture is too large (9000x9000 pixels)');
	});
});
