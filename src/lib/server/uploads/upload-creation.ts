import { Metadata, type Upload } from '@tus/server';
import type { Actor } from '../artists/artist-service';
import type { AppContext } from '../context';
import { isServiceError } from '../errors';
import { formatLimit, isTusRefusal, refusal, type TusRefusal } from './upload-http';
import { MetadataError, parseClientMetadata, toTusMetadata } from './upload-metadata';

/**
 * Everything decided before an upload exists, so a refusal costs the artist no bytes: the release is
 * theirs, the size is declared, under the per-file cap and inside their quota, and a track to replace
 * belongs to that release. Returns the metadata the server stores (the owner included).
 */
export function createCreationPolicy(context: Pick<AppContext, 'catalog' | 'config' | 'repositories'>) {
	const { catalog, config, repositories } = context;

	function authorise(actor: Actor, rawMetadata: Upload['metadata'], size: number | undefined) {
		let metadata;
		try {
			metadata = parseClientMetadata(rawMetadata);
		} catch (error) {
			if (error instanceof MetadataError) throw refusal(400, error.message);
			throw error;
		}
		try {
			catalog.assertUploadAllowed(actor, metadata.releaseId, size);
		} catch (error) {
			if (!isServiceError(error)) throw error;
			throw refusal(error.status, error.message);
		}
		if (metadata.replaceTrackId) {
			const track = repositories.tracks.findById(metadata.replaceTrackId);
			if (track?.releaseId !== metadata.releaseId) throw refusal(404, 'This track does not exist.');
		}
		return toTusMetadata({ ...metadata, userId: actor.userId });
	}

	const tooLarge = () =>
		`This file is too large: the limit is ${formatLimit(config.maxUploadBytes)} per file.`;

	/**
	 * tus refuses a declared size over maxSize before our creation hook runs; answer it with the words
	 * (and the 404 for someone else's release) the hook would have given.
	 */
	function oversizeCreation(actor: Actor, req: Request): TusRefusal {
		const size = Number.parseInt(req.headers.get('upload-length') ?? '', 10);
		try {
			const header = req.headers.get('upload-metadata');
			authorise(actor, header ? Metadata.parse(header) : undefined, size);
		} catch (error) {
			if (isTusRefusal(error)) return error;
		}
		return refusal(413, tooLarge());
	}

	return { authorise, oversizeCreation, tooLarge };
}
