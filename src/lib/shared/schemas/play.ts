import { z } from 'zod';

/** Longer than any track Shoal accepts; the service also checks against the track's own length. */
export const MAX_HEARD_SECONDS = 24 * 60 * 60;

/** The body of `POST /api/plays`: which track, and how many seconds of it were really heard. */
export const playSchema = z.object(
	{
		trackId: z
			.string({ error: 'Say which track was played (trackId).' })
			.min(1, { error: 'Say which track was played (trackId).' })
			.max(64, { error: 'This is not a track id.' }),
		heardSeconds: z
			// zod 4 numbers are finite: NaN and Infinity are refused here.
			.number({ error: 'Say how many seconds were heard (heardSeconds, a number).' })
			.min(0, { error: 'heardSeconds cannot be negative.' })
			.max(MAX_HEARD_SECONDS, { error: 'heardSeconds is longer than any track.' })
	},
	{ error: 'Send the play as an object like {"trackId": "…", "heardSeconds": 42}.' }
);

export type PlayInput = z.infer<typeof playSchema>;

/** The answer of `POST /api/plays`. */
export interface PlayResult {
	counted: boolean;
}
