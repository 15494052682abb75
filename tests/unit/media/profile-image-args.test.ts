import { describe, expect, it } from 'vitest';
import { profileImageArgs } from '../../../media-worker/ffmpeg/profile-image-args';
import { PROFILE_IMAGE_SHAPES } from '../../../src/lib/shared/profile-images';

const outputDir = '/srv/tmp/out';

function valuesOf(args: string[], flag: string): string[] {
	return args.flatMap((arg, i) => (arg === flag ? [args[i + 1]] : []));
}

describe('profileImageArgs', () => {
	it('crops a banner to 3:1 and writes each size as WebP and JPEG', () => {
		const { args, outputLimit } = profileImageArgs({
			input: { path: '/srv/banner', format: 'jpeg_pipe' },
			outputDir,
			shape: PROFILE_IMAGE_SHAPES.banner
		});
		expect(valuesOf(args, '-f')[0]).toBe('jpeg_pipe');
		expect(args.indexOf('-max_pixels')).toBeLessThan(args.indexOf('-i'));
		const graph = valuesOf(args, '-filter_complex')[0];
		expect(graph).toContain("crop=w='min(iw,ih*3)':h='min(iw,ih*3)/3'");
		expect(graph).toContain('scale=1500:500');
		expect(args.filter((arg) => arg.startsWith(outputDir))).toEqual([
			`${outputDir}/banner_1500.webp`,
			`${outputDir}/banner_1500.jpg`,
			`${outputDir}/banner_750.webp`,
			`${outputDir}/banner_750.jpg`
		]);
		expect(outputLimit?.dir).toBe(outputDir);
	});

	it('crops an avatar square into the cover file names', () => {
		const { args } = profileImageArgs({
			input: { path: '/srv/avatar', format: 'png_pipe' },
			outputDir,
			shape: PROFILE_IMAGE_SHAPES.avatar
		});
		expect(valuesOf(args, '-filter_complex')[0]).toContain("crop=w='min(iw,ih*1)'");
		expect(args).toContain(`${outputDir}/cover_600.webp`);
		expect(args).toContain(`${outputDir}/cover_300.jpg`);
	});

	it('refuses demuxers that are not the three image ones, and relative paths', () => {
		const shape = PROFILE_IMAGE_SHAPES.avatar;
		expect(() =>
			profileImageArgs({ input: { path: '/srv/a', format: 'image2' as 'png_pipe' }, outputDir, shape })
		).toThrow(RangeError);
		expect(() => profileImageArgs({ input: { path: 'a', format: 'png_pipe' }, outputDir, shape })).toThrow(
			RangeError
		);
	});
});
