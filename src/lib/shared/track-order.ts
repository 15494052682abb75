/**
 * The order of a release's tracks, one rule for the studio, the worker and the public pages.
 *
 * - `position` is the order in the whole release: 1..n, contiguous, never taken from tags. New uploads
 *   are appended; deleting a track closes the gap.
 * - `discNumber` comes from the tags (or from the artist moving a track across a disc boundary); null
 *   reads as disc 1. Discs follow each other in position order.
 * - Tag track numbers only order the files uploaded together (one batch), among the places those files
 *   already hold; once the artist orders tracks by hand, tags no longer move anything.
 * - Display: a release whose tracks all sit on one disc (whatever the tags say, "1/1" included) shows
 *   plain numbers 1..n and no disc heading. With two or more discs, each disc has a heading and its
 *   own numbers from 1 (disc 1: 1..n, disc 2: 1..m).
 */

export interface OrderedTrack {
	id: string;
	position: number;
	discNumber: number | null;
}

export interface PlacedTrack {
	id: string;
	position: number;
	discNumber: number | null;
}

export const discOf = (track: { discNumber: number | null }): number => track.discNumber ?? 1;

export function byPosition<T extends OrderedTrack>(list: readonly T[]): T[] {
	return [...list].sort((a, b) => a.position - b.position);
}

/** True when the tracks span two or more discs (only then are discs shown). */
export function isMultiDisc(list: readonly { discNumber: number | null }[]): boolean {
	return new Set(list.map(discOf)).size > 1;
}

export interface TrackNumber {
	/** Null on a single-disc release. */
	disc: number | null;
	/** 1-based within the disc (within the release when single-disc). */
	number: number;
}

/** What each track is called in lists: "3" on a single disc, disc 2 track 1 on a double album. */
export function trackNumbers(list: readonly OrderedTrack[]): Map<string, TrackNumber> {
	const ordered = byPosition(list);
	const multi = isMultiDisc(ordered);
	const counts = new Map<number, number>();
	const numbers = new Map<string, TrackNumber>();
	ordered.forEach((track, index) => {
		if (!multi) {
			numbers.set(track.id, { disc: null, number: index + 1 });
			return;
		}
		const disc = discOf(track);
		const number = (counts.get(disc) ?? 0) + 1;
		counts.set(disc, number);
		numbers.set(track.id, { disc, number });
	});
	return numbers;
}

/** "track 3 of 12", or "disc 2, track 1" on a multi-disc release: for announcements and labels. */
export function describePlace(list: readonly OrderedTrack[], id: string): string {
	const place = trackNumbers(list).get(id);
	if (!place) return '';
	return place.disc === null
		? `track ${place.number} of ${list.length}`
		: `disc ${place.disc}, track ${place.number}`;
}

function renumber(ordered: readonly OrderedTrack[]): PlacedTrack[] {
	return ordered.map((track, index) => ({ id: track.id, position: index + 1, discNumber: track.discNumber }));
}

/**
 * Moves one track to `to` (1-based, clamped); the others keep their order. Dropped between two tracks
 * of another disc, it joins their disc; at a boundary it keeps its disc when a neighbour shares it,
 * otherwise it joins the disc of the track before it.
 */
export function moveTo(list: readonly OrderedTrack[], id: string, to: number): PlacedTrack[] {
	const ordered = byPosition(list);
	const from = ordered.findIndex((track) => track.id === id);
	if (from < 0) return renumber(ordered);
	const [moved] = ordered.splice(from, 1);
	const index = Math.max(0, Math.min(Math.trunc(to) - 1, ordered.length));
	ordered.splice(index, 0, moved);
	if (isMultiDisc(ordered)) {
		const neighbours = [ordered[index - 1], ordered[index + 1]].filter((t) => t !== undefined);
		if (!neighbours.some((t) => discOf(t) === discOf(moved))) {
			ordered[index] = { ...moved, discNumber: neighbours[0]?.discNumber ?? moved.discNumber };
		}
	}
	return renumber(ordered);
}

/**
 * One step up or down, for buttons and keys. At a disc boundary the first step changes the disc only
 * (the last track of disc 1 moved down becomes the first of disc 2), so every place can be reached.
 */
export function step(list: readonly OrderedTrack[], id: string, direction: 'up' | 'down'): PlacedTrack[] {
	const ordered = byPosition(list);
	const from = ordered.findIndex((track) => track.id === id);
	if (from < 0) return renumber(ordered);
	const neighbour = ordered[direction === 'up' ? from - 1 : from + 1];
	if (!neighbour) return renumber(ordered);
	if (discOf(neighbour) !== discOf(ordered[from])) {
		ordered[from] = { ...ordered[from], discNumber: neighbour.discNumber };
		return renumber(ordered);
	}
	return moveTo(ordered, id, direction === 'up' ? from : from + 2);
}

export interface BatchTrack extends OrderedTrack {
	tagTrackNumber: number | null;
	uploadBatch: string | null;
	createdAt: number;
}

/**
 * The files of one upload batch, ordered by their tags (disc, then track number; untagged files last,
 * in upload order) over the places the batch already holds. Tracks outside the batch do not move.
 */
export function orderBatch(list: readonly BatchTrack[], batch: string): PlacedTrack[] {
	const ordered = byPosition(list);
	const members = ordered.filter((track) => track.uploadBatch === batch);
	const places = members.map((track) => ordered.indexOf(track));
	const sorted = [...members].sort(
		(a, b) =>
			discOf(a) - discOf(b) ||
			(a.tagTrackNumber ?? Infinity) - (b.tagTrackNumber ?? Infinity) ||
			a.createdAt - b.createdAt ||
			(a.id < b.id ? -1 : 1)
	);
	places.forEach((place, i) => (ordered[place] = sorted[i]));
	return renumber(ordered);
}
