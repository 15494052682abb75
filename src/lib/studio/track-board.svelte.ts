import { SvelteMap } from 'svelte/reactivity';
import type { TrackUpdate } from '$lib/shared/catalog';
import type { StudioTrack } from './types';

interface BoardSource {
	releaseId: string;
	tracks: StudioTrack[];
	/** Server time of the page data; live updates older than it are already in it. */
	loadedAt: number;
}

interface BoardHooks {
	/** A track just turned ready (its peaks and final details come with the next page data). */
	onReady: (track: StudioTrack) => void;
	announce: (text: string) => void;
}

/**
 * The release's tracks as the artist sees them right now: the page data, overlaid with the live
 * `track:update` events that arrived since it was loaded. Tracks registered after the load (a
 * finished upload) appear from their first event, before the page data catches up.
 */
export class TrackBoard {
	#live = new SvelteMap<string, TrackUpdate>();
	#source: () => BoardSource;
	#hooks: BoardHooks;

	constructor(source: () => BoardSource, hooks: BoardHooks) {
		this.#source = source;
		this.#hooks = hooks;
	}

	tracks: StudioTrack[] = $derived.by(() => {
		const { tracks, loadedAt } = this.#source();
		const known = tracks.map((t) => t.id);
		const merged = tracks.map((track) => {
			const live = this.#live.get(track.id);
			if (!live || live.updatedAt < track.updatedAt) return track;
			// Peaks only come with page data, and only for a track that data already knows is ready.
			return { ...track, ...live, peaks: track.status === 'ready' ? track.peaks : null };
		});
		for (const live of this.#live.values()) {
			// Older events of tracks missing from fresh data belong to deleted tracks.
			if (!known.includes(live.id) && live.updatedAt > loadedAt) {
				merged.push({ ...live, originalName: '', peaks: null });
			}
		}
		return merged.sort((a, b) => a.position - b.position);
	});

	find(id: string): StudioTrack | undefined {
		return this.tracks.find((t) => t.id === id);
	}

	apply(update: TrackUpdate): void {
		if (update.releaseId !== this.#source().releaseId) return;
		const seen = this.#live.get(update.id);
		if (seen && seen.updatedAt > update.updatedAt) return; // an older event arriving late
		const before = this.find(update.id);
		this.#live.set(update.id, update);
		if (before?.status === update.status) return;
		if (update.status === 'ready') {
			this.#hooks.announce(`${update.title} is ready.`);
			this.#hooks.onReady({ ...update, originalName: before?.originalName ?? '', peaks: null });
		} else if (update.status === 'failed') {
			this.#hooks.announce(`${update.title} failed: ${update.error ?? 'unknown reason'}`);
		} else if (before) {
			this.#hooks.announce(`${update.title} is processing.`);
		}
	}
}
