import { error } from '@sveltejs/kit';
import { artworkSrc } from '../../shared/playable';
import { isServiceError } from '../errors';
import type { Viewer } from './public-catalog-service';

/** Who is looking at a public page, as the public catalogue wants it. */
export function viewerOf(locals: App.Locals): Viewer | null {
	return locals.user ? { userId: locals.user.id, isAdmin: locals.user.isAdmin } : null;
}

/** Runs a page's one service call; a ServiceError becomes the HTTP error page with its sentence. */
export function orPageError<T>(load: () => T): T {
	try {
		return load();
	} catch (err) {
		if (isServiceError(err)) error(err.status, err.message);
		throw err;
	}
}

/** The absolute URL of a cover's large JPEG (what link previews fetch), or null. */
export function shareImage(origin: string, artworkBase: string | null): string | null {
	return artworkBase ? `${origin}${artworkSrc(artworkBase, 1200, 'jpg')}` : null;
}
