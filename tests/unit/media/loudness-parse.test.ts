import { describe, expect, it } from 'vitest';
import { parseEbur128Summary } from '../../../media-worker/ffmpeg/loudness';

/** The tail of a real ffmpeg 5.1 run with `ebur128=peak=true`. */
const MEASURED = `size=N/A time=00:02:00.00 bitrate=N/A speed= 122x
video:0kB audio:22500kB subtitle:0kB other streams:0kB global headers:0kB muxing overhead: unknown
[Parsed_ebur128_0 @ 0x55be186529c0] Summary:

  Integrated loudness:
    I:         -13.1 LUFS
    Threshold: -23.2 LUFS

  Loudness range:
    LRA:         2.1 LU
    Threshold: -33.2 LUFS
    LRA low:   -14.8 LUFS
    LRA high:  -12.7 LUFS

  True peak:
    Peak:       -6.3 dBFS
`;

const SILENCE = `[Parsed_ebur128_0 @ 0x5601] Summary:

  Integrated loudness:
    I:         -70.0 LUFS
    Threshold:   0.0 LUFS

  Loudness range:
    LRA:         0.0 LU
    Threshold:   0.0 LUFS
    LRA low:     0.0 LUFS
    LRA high:    0.0 LUFS

  True peak:
    Peak:       -inf dBFS`;

describe('parseEbur128Summary', () => {
	it('reads integrated loudness, loudness range and true peak', () => {
		expect(parseEbur128Summary(MEASURED)).toEqual({
			integratedLufs: -13.1,
			truePeakDbfs: -6.3,
			loudnessRangeLu: 2.1
		});
	});

	it('accepts the runner’s stderr tail (lines, blank ones removed)', () => {
		const lines = MEASURED.split('\n')
			.map((line) => line.trim())
			.filter(Boolean);
		expect(parseEbur128Summary(lines).integratedLufs).toBe(-13.1);
	});

	it('reports silence as unmeasurable rather than as -70 LUFS or -inf', () => {
		expect(parseEbur128Summary(SILENCE)).toEqual({
			integratedLufs: null,
			truePeakDbfs: null,
			loudnessRangeLu: 0
		});
	});

	it('reads the last summary when the output holds several', () => {
		expect(parseEbur128Summary(`${SILENCE}\n${MEASURED}`).integratedLufs).toBe(-13.1);
	});

	it('reads positive true peaks (inter-sample overs)', () => {
		expect(parseEbur128Summary(MEASURED.replace('-6.3 dBFS', '0.4 dBFS')).truePeakDbfs).toBe(0.4);
	});

	it('throws when the summary is missing or was measured without peak=true', () => {
		expect(() => parseEbur128Summary('Conversion failed!')).toThrow(/missing/);
		expect(() => parseEbur128Summary(MEASURED.replace(/ {2}True peak:[\s\S]*$/, ''))).toThrow(/incomplete/);
	});
});
