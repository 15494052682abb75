import { z } from 'zod';
import { visibleText } from '../visible-text';

export const HANDLE_PATTERN = /^[a-z0-9](?:[a-z0-9_-]{1,28}[a-z0-9])$/;

/** Handles that would collide with Shoal's own pages or mislead people. */
export const RESERVED_HANDLES = new Set([
	'admin',
	'administrator',
	'api',
	'about',
	'account',
	'artist',
	'artists',
	'help',
	'healthz',
	'login',
	'logout',
	'moderator',
	'root',
	'search',
	'settings',
	'shoal',
	'signin',
	'signout',
	'signup',
	'staff',
	'studio',
	'support',
	'system'
]);

export const handleSchema = z
	.string({ error: 'Choose a handle.' })
	.trim()
	.toLowerCase()
	.transform((h) => h.replace(/^@/, ''))
	.pipe(
		z
			.string()
			.min(3, { error: 'Handles are 3 to 30 characters long.' })
			.max(30, { error: 'Handles are 3 to 30 characters long.' })
			.regex(HANDLE_PATTERN, {
				error: 'Use lowercase letters, digits, "-" or "_", starting and ending with a letter or digit.'
			})
			.refine((h) => !RESERVED_HANDLES.has(h), { error: 'That handle is reserved. Choose another.' })
	);

const linkUrlSchema = z
	.string()
	.trim()
	.max(500, { error: 'Links must be under 500 characters.' })
	.refine(
		(value) => {
			try {
				const url = new URL(value);
				return url.protocol === 'https:' || url.protocol === 'http:';
			} catch {
				return false;
			}
		},
		{ error: 'Links must be full web addresses starting with https:// or http://.' }
	);

export const MAX_ARTIST_LINKS = 5;

export const artistProfileSchema = z.object({
	handle: handleSchema,
	name: visibleText({
		required: 'Enter the artist name.',
		max: 80,
		tooLong: 'Keep the artist name under 80 characters.'
	}),
	bio: visibleText({ max: 4000, tooLong: 'Keep the bio under 4,000 characters.', multiline: true }).default(
		''
	),
	links: z
		.array(linkUrlSchema)
		.max(MAX_ARTIST_LINKS, { error: `Add at most ${MAX_ARTIST_LINKS} links.` })
		.default([]),
	/** One of the artist's own releases, shown first on their page while it is public; '' for none. */
	featuredReleaseId: z.string().trim().max(64).default('')
});

export type ArtistProfileInput = z.infer<typeof artistProfileSchema>;

/** A readable label for a link: its host name without "www.". */
export function linkLabel(url: string): string {
	try {
		return new URL(url).hostname.replace(/^www\./, '');
	} catch {
		return url;
	}
}
