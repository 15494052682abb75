import { z } from 'zod';
import {
	ARTIST_ROLES,
	CREDIT_ROLES,
	MAX_CREDIT_DETAIL,
	MAX_CREDIT_NAME,
	MAX_TRACK_ARTISTS,
	MAX_TRACK_CREDITS
} from '../credits';
import { cleanLyrics, MAX_LYRICS_CHARS } from '../lyrics';

// Names are plain text kept as written (Arabic, Chinese …); the shared invisible-character cleaner
// for names replaces this trim at merge.
const name = z
	.string()
	.trim()
	.max(MAX_CREDIT_NAME, { error: `Keep names under ${MAX_CREDIT_NAME} characters.` });

const handle = z
	.string()
	.trim()
	.toLowerCase()
	.transform((v) => v.replace(/^@/, ''))
	.pipe(z.string().max(30, { error: 'Handles are at most 30 characters.' }));

const artistRow = z.object({
	role: z.enum(ARTIST_ROLES, { error: 'Choose main or featured.' }),
	name,
	handle: handle.default('')
});

const creditRow = z
	.object({
		role: z.enum(CREDIT_ROLES, { error: 'Choose a role.' }),
		name,
		detail: z
			.string()
			.trim()
			.max(MAX_CREDIT_DETAIL, { error: `Keep this under ${MAX_CREDIT_DETAIL} characters.` })
			.default('')
	})
	.refine((row) => row.role !== 'other' || row.name === '' || row.detail !== '', {
		error: 'Say what they did (for example "Arranger").',
		path: ['detail']
	});

/** The studio's credits form. Rows left without a name are dropped (the form always offers a blank one). */
export const trackCreditsSchema = z.object({
	artists: z
		.array(artistRow)
		.transform((rows) => rows.filter((row) => row.name !== ''))
		.pipe(z.array(z.any()).max(MAX_TRACK_ARTISTS, { error: `Add at most ${MAX_TRACK_ARTISTS} artists.` })),
	credits: z
		.array(creditRow)
		.transform((rows) => rows.filter((row) => row.name !== ''))
		.pipe(z.array(z.any()).max(MAX_TRACK_CREDITS, { error: `Add at most ${MAX_TRACK_CREDITS} credits.` }))
});

export type TrackCreditsInput = {
	artists: Array<z.output<typeof artistRow>>;
	credits: Array<z.output<typeof creditRow>>;
};

export const lyricsSchema = z.object({
	lyrics: z
		.string()
		.max(MAX_LYRICS_CHARS, {
			error: `Keep lyrics under ${MAX_LYRICS_CHARS.toLocaleString('en')} characters.`
		})
		.transform(cleanLyrics)
});
