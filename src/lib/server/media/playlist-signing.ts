/**
 * A non-public track's playlists are served with the request's signature added to every URI they
 * reference (variant playlists, segments, the EXT-X-MAP init section), so the player's relative
 * requests stay signed without knowing anything about signatures.
 */
export function signPlaylist(text: string, query: string): string {
	return text
		.split(/\r?\n/)
		.map((line) => {
			const trimmed = line.trim();
			if (trimmed === '') return line;
			if (trimmed.startsWith('#'))
				return trimmed.replace(/URI="([^"]*)"/g, (_, uri: string) => `URI="${withQuery(uri, query)}"`);
			return withQuery(trimmed, query);
		})
		.join('\n');
}

function withQuery(uri: string, query: string): string {
	return `${uri}${uri.includes('?') ? '&' : '?'}${query}`;
}
