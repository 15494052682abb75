import { z } from 'zod';

/**
 * What a tus upload carries in Upload-Metadata. The client names the release (and optionally a track to
 * replace) and the file's name, which is display text only: storage names are generated. Everything else
 * a client sends is dropped, and the owner is written by the server, never taken from the client.
 */

// tus metadata values are strings, or null for a key sent without a value.
const text = (max: number) =>
	z.preprocess((value) => (value === null ? undefined : value), z.string().max(max).optional());
const id = z.preprocess(
	(value) => (value === null || value === '' ? undefined : value),
	z.string().trim().min(1).max(64).optional()
);

const clientMetadataSchema = z.object({
	releaseId: id,
	// Long enough for any real name; safeDisplayName shortens it for display anyway.
	filename: text(2048),
	replaceTrackId: id,
	/** Files the artist added together (one drop or one file dialog); their tags order them. */
	batch: z.preprocess(
		(value) => (value === null || value === '' ? undefined : value),
		z
			.string()
			.regex(/^[A-Za-z0-9_-]{1,64}$/)
			.optional()
	)
});

const storedMetadataSchema = z.object({
	userId: z.string().min(1),
	releaseId: z.string().min(1),
	filename: z.string(),
	replaceTrackId: z.string().min(1).optional(),
	batch: z.string().min(1).optional(),
	/** Set once the upload became a track; the sidecar then only answers late HEADs. */
	trackId: z.string().min(1).optional()
});

export type StoredMetadata = z.output<typeof storedMetadataSchema>;
type RawMetadata = Record<string, string | null> | undefined;

export class MetadataError extends Error {
	override name = 'MetadataError';
}

export function parseClientMetadata(raw: RawMetadata): {
	releaseId: string;
	filename: string;
	replaceTrackId?: string;
	batch?: string;
} {
	const parsed = clientMetadataSchema.safeParse(raw ?? {});
	if (!parsed.success) throw new MetadataError('The upload details could not be read.');
	const { releaseId, filename, replaceTrackId, batch } = parsed.data;
	if (!releaseId) throw new MetadataError('The upload must name the release it belongs to.');
	return {
		releaseId,
		filename: filename ?? '',
		...(replaceTrackId ? { replaceTrackId } : { ...(batch ? { batch } : {}) })
	};
}

/** Metadata as the server stores it; undefined when a sidecar is not one of ours. */
export function readStoredMetadata(raw: RawMetadata): StoredMetadata | undefined {
	const parsed = storedMetadataSchema.safeParse(raw ?? {});
	return parsed.success ? parsed.data : undefined;
}

/** tus stores metadata as string values; optional keys are left out rather than stored empty. */
export function toTusMetadata(metadata: StoredMetadata): Record<string, string> {
	return Object.fromEntries(
		Object.entries(metadata).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
	);
}
