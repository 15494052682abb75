/** The loudness Shoal plays everything at, about what the big streaming services use. */
export const TARGET_LUFS = -14;

/**
 * The gain that brings a track from its measured loudness towards TARGET_LUFS, as a linear factor.
 *
 * We only attenuate (the factor never exceeds 1): without Web Audio the element's volume cannot go above
 * 1, and routing the element through a Web Audio GainNode would add an AudioContext (autoplay rules, a
 * second clock, a MediaElementSource that must never be created twice) for the sake of quiet tracks that
 * mostly want to stay quiet anyway. Loud masters, the common case, come down to the target; a quiet
 * track plays as mastered. No figure (null) or the setting off means no change.
 */
export function normalisationGain(loudnessLufs: number | null, enabled: boolean): number {
	if (!enabled || loudnessLufs === null || !Number.isFinite(loudnessLufs)) return 1;
	return Math.min(1, 10 ** ((TARGET_LUFS - loudnessLufs) / 20));
}

/** What the audio element's volume should be: the listener's volume times the normalisation gain. */
export function effectiveVolume(userVolume: number, muted: boolean, gain: number): number {
	if (muted) return 0;
	return Math.min(1, Math.max(0, userVolume * gain));
}
