import { describe, expect, it } from 'vitest';
import { FfmpegError, plainFailure } from '../../../media-worker/ffmpeg/errors';
import type { ProbeSummary } from '../../../media-worker/ffmpeg/probe';
import {
	describeFailure,
	IngestError,
	sentence,
	UNEXPECTED_FAILURE
} from '../../../media-worker/ingest/job-failure';
import { cleanTitle, trackNumber } from '../../../media-worker/ingest/tags';
import {
	checkDecodedLength,
	checkMinimumLength,
	formatLength,
	formatLimit,
	validateProbe
} from '../../../media-worker/ingest/validate';
import { readWavDataClaim } from '../../../media-worker/ingest/wav-header';

/** The pipeline's pure rules (kept beside the ingest tests they serve). */

const stereo: ProbeSummary = {
	formatName: 'flac',
	durationSeconds: 180,
	audio: {
		codec: 'flac',
		profile: null,
		sampleRate: 48_000,
		channels: 2,
		bitsPerSample: 16,
		durationSeconds: 180
	},
	hasPicture: false,
	tags: {}
};
const limits = { maxTrackSeconds: 7200 };

function refusal(probe: ProbeSummary): IngestError {
	try {
		validateProbe(probe, limits);
	} catch (error) {
		expect(error).toBeInstanceOf(IngestError);
		expect((error as IngestError).permanent).toBe(true);
		return error as IngestError;
	}
	throw new Error('expected a refusal');
}

describe('validateProbe', () => {
	it('accepts sane audio and knows lossless codecs', () => {
		expect(validateProbe(stereo, limits)).toMatchObject({ durationSeconds: 180, lossless: true });
		const mp3 = { ...stereo, audio: { ...stereo.audio!, codec: 'mp3' } };
		expect(validateProbe(mp3, limits).lossless).toBe(false);
		const pcm = { ...stereo, audio: { ...stereo.audio!, codec: 'pcm_s24le' } };
		expect(validateProbe(pcm, limits).lossless).toBe(true);
	});

	it.each([
		[
			{ ...stereo, audio: null },
			'This file has no sound in it that Shoal can read. Export it again as WAV, FLAC or MP3 and upload it.'
		],
		[
			{ ...stereo, durationSeconds: null, audio: { ...stereo.audio!, durationSeconds: null } },
			"Shoal can't tell how long this file is, so it can't be processed. Export it again as WAV, FLAC or MP3 and upload it."
		],
		[
			{ ...stereo, audio: { ...stereo.audio!, durationSeconds: 36_000 } },
			'This track is 10 h 0 min long; the limit is 2 hours. Upload a shorter file.'
		],
		[
			{ ...stereo, audio: { ...stereo.audio!, channels: 12 } },
			'This file has 12 audio channels; Shoal takes 1 to 8. Export it again in mono or stereo and upload it.'
		],
		[
			{ ...stereo, audio: { ...stereo.audio!, sampleRate: 4000 } },
			"This file's sample rate is 4000 Hz; Shoal takes 8 kHz to 384 kHz. Export it again at 44.1 or 48 kHz and upload it."
		]
	])('refuses %#: %s', (probe, message) => {
		expect(refusal(probe).message).toBe(message);
	});

	it('refuses audio shorter than one second, by its header or by what decoded', () => {
		const blip = { ...stereo, durationSeconds: 0.02, audio: { ...stereo.audio!, durationSeconds: 0.02 } };
		expect(refusal(blip).message).toBe(
			"This file holds less than one second of audio (0.02 seconds), so it can't be a track. Check the export and upload the whole track."
		);
		expect(refusal(blip).detail).toBe('duration 0.02 s is below the minimum of 1 s');
		const second = { ...stereo, durationSeconds: 1, audio: { ...stereo.audio!, durationSeconds: 1 } };
		expect(validateProbe(second, limits).durationSeconds).toBe(1);
		expect(() => checkMinimumLength(0.5)).toThrow(/less than one second of audio \(0\.5 seconds\)/);
		expect(() => checkMinimumLength(0.999)).toThrow(IngestError);
		expect(() => checkMinimumLength(1)).not.toThrow();
	});

	it('refuses a file that decodes to much less than its header promises', () => {
		expect(() => checkDecodedLength('flac', 180, 60)).toThrow(/its header promises 3 min of audio/);
		expect(() => checkDecodedLength('flac', 180, 179.6)).not.toThrow();
		// MP3 lengths are estimates: a difference there proves nothing.
		expect(() => checkDecodedLength('mp3', 180, 60)).not.toThrow();
	});
});

describe('lengths as people say them', () => {
	it.each([
		[45, '45 s'],
		[200, '3 min 20 s'],
		[180, '3 min'],
		[36_000, '10 h 0 min'],
		[7_380, '2 h 3 min']
	])('%d s → %s', (seconds, text) => expect(formatLength(seconds)).toBe(text));

	it.each([
		[7200, '2 hours'],
		[3600, '1 hour'],
		[5400, '90 minutes']
	])('a limit of %d s → %s', (seconds, text) => expect(formatLimit(seconds)).toBe(text));
});

describe('tag text', () => {
	it('keeps markup as text, drops controls and bidi overrides, collapses space', () => {
		expect(cleanTitle('  <b>Hi</b>\u0000\u202e there\n\tfriend  ')).toBe('<b>Hi</b> there friend');
		expect(cleanTitle('\u0000\u0001 \u200f')).toBeNull();
		expect(cleanTitle(undefined)).toBeNull();
	});

	it('cuts at 200 characters without splitting one', () => {
		const title = cleanTitle('🎵'.repeat(1000))!;
		expect(Array.from(title)).toHaveLength(200);
		expect(title).toBe('🎵'.repeat(200));
	});

	it.each([
		['3', 3],
		['03/12', 3],
		[' 7 / 9 ', 7],
		['0', null],
		['1000', null],
		['A1', null],
		[undefined, null]
	])('track number %s → %s', (raw, number) => expect(trackNumber(raw)).toBe(number));
});

describe('failures', () => {
	it('the file is at fault: permanent; the machine is: retried', () => {
		const undecodable = new FfmpegError('undecodable', 'ffmpeg could not decode this file: junk', {
			tool: 'ffmpeg'
		});
		expect(describeFailure(undecodable, 'audio')).toEqual({
			reason: "This file isn't audio Shoal can read. Export it again as WAV, FLAC or MP3 and upload it.",
			detail: 'ffmpeg could not decode this file: junk.',
			permanent: true
		});
		const missing = new FfmpegError('not_installed', 'ffmpeg is not installed (tried "x")', {
			tool: 'ffmpeg'
		});
		expect(describeFailure(missing).permanent).toBe(false);
		const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
		expect(describeFailure(full)).toEqual({
			reason: plainFailure('disk_full', 'file'),
			detail: 'Error: ENOSPC: no space left on device, write',
			permanent: false
		});
		expect(describeFailure('weird')).toEqual({
			reason: UNEXPECTED_FAILURE,
			detail: 'weird',
			permanent: false
		});
		expect(sentence('done!')).toBe('Done!');
	});
});

describe('WAV headers', () => {
	function wav(chunks: [string, Buffer, number?][]): Buffer {
		const parts = chunks.map(([id, body, claimed]) => {
			const header = Buffer.alloc(8);
			header.write(id, 0, 'latin1');
			header.writeUInt32LE(claimed ?? body.length, 4);
			return Buffer.concat([header, body, Buffer.alloc(body.length % 2)]);
		});
		return Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVE', 'latin1'), ...parts]);
	}
	const fmt = Buffer.alloc(16);
	fmt.writeUInt32LE(192_000, 8);
	const reader = (bytes: Buffer) => async (offset: number, length: number) =>
		bytes.subarray(offset, offset + length);

	it('finds the data chunk past other chunks, with the byte rate', async () => {
		const bytes = wav([
			['fmt ', fmt],
			['LIST', Buffer.alloc(33)],
			['data', Buffer.alloc(100), 0x7ffffff0]
		]);
		expect(await readWavDataClaim(reader(bytes))).toEqual({
			offset: 12 + 24 + 42 + 8,
			claimedBytes: 0x7ffffff0,
			byteRate: 192_000
		});
	});

	it('treats the streaming writers’ sizes as unknown, not as a claim', async () => {
		expect(
			await readWavDataClaim(
				reader(
					wav([
						['fmt ', fmt],
						['data', Buffer.alloc(4), 0xffffffff]
					])
				)
			)
		).toBeNull();
		expect(
			await readWavDataClaim(
				reader(
					wav([
						['fmt ', fmt],
						['data', Buffer.alloc(4), 0]
					])
				)
			)
		).toBeNull();
	});
});
