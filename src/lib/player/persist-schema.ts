import * as z from 'zod/mini';
import type { PlayableTrack } from '$lib/shared/playable';
import { STORAGE_VERSION, type PlayerSnapshot } from './persist';
import { REPEAT_MODES, type RepeatMode } from './queue';

/** Reading back what persist.ts wrote (and PlayableTracks from the network): nothing stored is trusted unchecked. */
const playableTrack = z.object({
	id: z.string().check(z.minLength(1), z.maxLength(100)),
	title: z.string(),
	artistName: z.string(),
	artistHandle: z.string(),
	releaseId: z.string(),
	releaseTitle: z.string(),
	durationSeconds: z.number().check(z.nonnegative()),
	loudnessLufs: z.nullable(z.number()),
	lossless: z.boolean(),
	// Only same-origin paths: a stored value must never point the player anywhere else.
	src: z.string().check(z.regex(/^\/[^/\\]/)),
	srcExpiresAt: z.nullable(z.number()),
	artworkBase: z.nullable(z.string().check(z.regex(/^\/[^/\\]/)))
});

const persistedSchema = z.object({
	v: z.literal(STORAGE_VERSION),
	queue: z.array(playableTrack).check(z.maxLength(1000)),
	index: z.number().check(z.int(), z.gte(-1)),
	/** Positions in `queue` in their order before shuffling, or null when not shuffled. */
	unshuffled: z.nullable(z.array(z.number().check(z.int(), z.nonnegative()))),
	position: z.number().check(z.nonnegative()),
	volume: z.number().check(z.gte(0), z.lte(1)),
	muted: z.boolean(),
	normalise: z.boolean(),
	lossless: z.boolean(),
	shuffle: z.boolean(),
	repeat: z.enum(REPEAT_MODES as [RepeatMode, ...RepeatMode[]])
});

export type PersistedPlayer = z.infer<typeof persistedSchema>;

/** The stored player, or null when there is none or it cannot be trusted. */
export function parsePersistedPlayer(raw: string | null): PlayerSnapshot | null {
	if (!raw) return null;
	let json: unknown;
	try {
		json = JSON.parse(raw);
	} catch {
		return null;
	}
	const parsed = persistedSchema.safeParse(json);
	if (!parsed.success) return null;
	const { queue: items, index, unshuffled, ...settings } = parsed.data;
	if (index >= items.length || (items.length > 0 && index < 0)) return null;
	const order = unshuffled?.filter((i) => i < items.length);
	return {
		queue: { items, index, unshuffled: order ? [...new Set(order)].map((i) => items[i]) : null },
		...settings
	};
}

/** A PlayableTrack from the network (the playable endpoint), or null when it is not one. */
export function parsePlayable(value: unknown): PlayableTrack | null {
	const parsed = playableTrack.safeParse(value);
	return parsed.success ? parsed.data : null;
}
