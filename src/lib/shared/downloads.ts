import { z } from 'zod';

/**
 * Download formats a release can offer. `original` is the uploaded file byte for byte (never re-tagged);
 * `flac` and `mp3-320` are made once by the media worker, tagged and with the cover embedded, and cached.
 */
export const DOWNLOAD_FORMATS = ['original', 'flac', 'mp3-320'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];
/** The formats the worker makes; originals need no build. */
export type BuiltFormat = Exclude<DownloadFormat, 'original'>;

export const DOWNLOAD_FORMAT_LABELS: Record<DownloadFormat, string> = {
	original: 'Original files',
	flac: 'FLAC (lossless)',
	'mp3-320': 'MP3 320 kbit/s'
};

export const downloadFormatSchema = z.enum(DOWNLOAD_FORMATS, { message: 'Choose a download format.' });

/** The studio's settings form: a checkbox to allow downloads and one checkbox per format. */
export const downloadSettingsSchema = z
	.object({
		enabled: z.boolean(),
		formats: z.array(downloadFormatSchema).max(DOWNLOAD_FORMATS.length)
	})
	.refine((value) => !value.enabled || value.formats.length > 0, {
		message: 'Choose at least one format to offer.',
		path: ['formats']
	})
	.transform((value) => ({
		enabled: value.enabled,
		// Stored in a fixed order and without repeats, whatever order the form sent.
		formats: DOWNLOAD_FORMATS.filter((format) => value.formats.includes(format))
	}));
export type DownloadSettings = z.output<typeof downloadSettingsSchema>;

/** Where the ZIP of one format stands, as the release page and the status endpoint show it. */
export type DownloadStatus =
	| { state: 'ready' }
	| { state: 'preparing'; done: number; total: number; note: string | null }
	| { state: 'failed'; reason: string };

export function isBuiltFormat(format: DownloadFormat): format is BuiltFormat {
	return format !== 'original';
}
