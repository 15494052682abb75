import { z } from 'zod';
import { LICENCES, RELEASE_TYPES } from '../catalog';
import { stripInvisible, visibleText } from '../visible-text';

const titleSchema = visibleText({
	required: 'Enter a title.',
	max: 200,
	tooLong: 'Keep the title under 200 characters.'
});

const tagSchema = z
	.string()
	.transform((tag) => stripInvisible(tag).trim())
	.pipe(z.string().toLowerCase().min(1).max(40, { error: 'Each tag must be under 40 characters.' }));

export const releaseSchema = z.object({
	title: titleSchema,
	type: z.enum(RELEASE_TYPES, { error: 'Choose album, EP or single.' }),
	releaseDate: z
		.string()
		.trim()
		.refine((v) => v === '' || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))), {
			error: 'Use a date like 2026-11-22.'
		})
		.transform((v) => (v === '' ? null : v)),
	description: visibleText({
		max: 5000,
		tooLong: 'Keep the description under 5,000 characters.',
		multiline: true
	}).default(''),
	/** Comma-separated in forms. */
	tags: z
		.string()
		.default('')
		.transform((v) =>
			v
				.split(',')
				.map((t) => t.trim())
				.filter(Boolean)
		)
		.pipe(z.array(tagSchema).max(10, { error: 'Add at most 10 tags.' }))
		.transform((tags) => [...new Set(tags)]),
	licence: z.enum(LICENCES, { error: 'Choose a licence.' })
});

export type ReleaseInput = z.input<typeof releaseSchema>;
export type ReleaseFields = z.output<typeof releaseSchema>;

export const trackEditSchema = z.object({
	title: titleSchema,
	position: z.coerce
		.number({ error: 'Track numbers are whole numbers from 1.' })
		.int({ error: 'Track numbers are whole numbers from 1.' })
		.min(1, { error: 'Track numbers are whole numbers from 1.' })
		.max(999, { error: 'Track numbers are whole numbers from 1.' })
});

const blank = (value: unknown) => (value === '' || value === null ? undefined : value);
const MOVE_MESSAGE = 'Move a track up or down, or to a place in the list.';

/** Reordering: one step (buttons, keys) or straight to a place (drag and drop). */
export const trackMoveSchema = z
	.object({
		direction: z.preprocess(blank, z.enum(['up', 'down'], { error: MOVE_MESSAGE }).optional()),
		to: z.preprocess(
			blank,
			z.coerce
				.number({ error: 'Track numbers are whole numbers from 1.' })
				.int({ error: 'Track numbers are whole numbers from 1.' })
				.min(1, { error: 'Track numbers are whole numbers from 1.' })
				.max(999, { error: 'Track numbers are whole numbers from 1.' })
				.optional()
		)
	})
	.refine((move) => (move.direction === undefined) !== (move.to === undefined), { error: MOVE_MESSAGE });

/** Publishing: now, or at a moment in the future (a datetime-local value in the artist's time zone is sent as ISO). */
export const publishSchema = z.discriminatedUnion('when', [
	z.object({ when: z.literal('now') }),
	z.object({
		when: z.literal('later'),
		publishAt: z.coerce.date({ error: 'Choose when to publish.' })
	})
]);

/** The "new release" form's one-time token (a UUID made when the page loads). */
export const creationKeySchema = z.string().regex(/^[A-Za-z0-9-]{16,64}$/);
