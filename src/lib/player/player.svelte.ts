import type { PlayableTrack } from '$lib/shared/playable';
import { AudioEngine, preloadEngine } from './engine';
import { effectiveVolume, normalisationGain } from './loudness';
import { clearSession, syncSessionPosition, syncSessionTrack } from './media-session';
import { HeardCounter } from './play-count';
import { serialisePlayer, STORAGE_KEY } from './persist';
import * as Q from './queue';
import { warmStart } from './warm-start';

/** Start preparing the next track this long before the current one ends. */
const PREPARE_NEXT_SECONDS = 15;
/** Refresh a signed src that expires within this margin before playing it. */
const SRC_EXPIRY_MARGIN_MS = 60_000;
const PERSIST_EVERY_MS = 2_000;

/**
 * The one browser player (lives for the whole visit; the PlayerBar in the root layout shows it and
 * owns its <audio> element, which is never re-created). Queue rules live in queue.ts, sound in
 * engine.ts; this class ties them to the element, localStorage, play counting and the Media Session.
 */
class Player {
	#queue = $state.raw<Q.QueueState<PlayableTrack>>(Q.emptyQueue());
	playing = $state(false);
	/** Seconds into the current track (kept while nothing is loaded, e.g. after a reload). */
	position = $state(0);
	volume = $state(1);
	muted = $state(false);
	normalise = $state(true);
	lossless = $state(false);
	shuffle = $state(false);
	repeat = $state<Q.RepeatMode>('off');
	/** A short sentence for the bar when the last track could not be played. */
	error = $state<string | null>(null);
	/** True between asking for sound and hearing it. */
	loading = $state(false);
	#mediaDuration = $state(0);
	/** The queue item whose source is on the element (null until the first play). */
	#loaded = $state.raw<PlayableTrack | null>(null);

	#audio: HTMLAudioElement | null = null;
	#engine: AudioEngine | null = null;
	#counter = new HeardCounter();
	#preparedFor: PlayableTrack | null = null;
	#persistTimer: ReturnType<typeof setTimeout> | null = null;
	#restored = false;
	#dirty = false;

	get queue(): PlayableTrack[] {
		return this.#queue.items;
	}
	get index(): number {
		return this.#queue.index;
	}
	get current(): PlayableTrack | null {
		return this.#queue.items[this.#queue.index] ?? null;
	}
	get duration(): number {
		const current = this.current;
		if (current && this.#loaded === current && this.#mediaDuration > 0) return this.#mediaDuration;
		return current?.durationSeconds ?? 0;
	}

	/** Replaces the queue with `tracks` and starts `tracks[startIndex]` (optionally at `startAt` seconds). */
	playNow(tracks: PlayableTrack[], startIndex = 0, startAt = 0): void {
		if (tracks.length === 0) return;
		this.#setQueue(Q.playNow(tracks, startIndex, this.shuffle));
		void this.#start(startAt);
	}

	/** Puts `tracks` right after the current one. */
	playNext(tracks: PlayableTrack[]): void {
		this.#setQueue(Q.playNext(this.#queue, tracks));
	}

	/** Puts `tracks` at the end of the queue. */
	addToQueue(tracks: PlayableTrack[]): void {
		this.#setQueue(Q.addToQueue(this.#queue, tracks));
	}

	/** Plays `track` from `seconds`: from its place in the queue when it is there, else on its own. */
	playTrackAt(track: PlayableTrack, seconds: number): void {
		const at = this.queue.findIndex((item) => item.id === track.id);
		if (at >= 0) this.jumpTo(at, seconds);
		else this.playNow([track], 0, seconds);
	}

	jumpTo(index: number, startAt = 0): void {
		if (!this.queue[index]) return;
		this.#setQueue({ ...this.#queue, index });
		void this.#start(startAt);
	}

	toggle(): void {
		if (this.playing) this.pause();
		else this.play();
	}

	play(): void {
		const current = this.current;
		if (!current || !this.#audio) return;
		if (this.#loaded !== current) void this.#start(this.position);
		else void this.#audio.play().catch(() => (this.playing = false));
	}

	pause(): void {
		this.#audio?.pause();
	}

	seek(seconds: number): void {
		const target = Math.min(Math.max(0, seconds), this.duration || Infinity);
		this.position = target;
		if (this.#audio && this.#loaded && this.#loaded === this.current) this.#audio.currentTime = target;
		this.#persistSoon();
	}

	next(): void {
		this.#advance(false);
	}

	previous(): void {
		const to = Q.previousIndex(this.#queue, this.repeat, this.position);
		if (to < 0) return;
		if (to === this.index) this.seek(0);
		else this.jumpTo(to);
	}

	move(from: number, to: number): void {
		this.#setQueue(Q.move(this.#queue, from, to));
	}

	remove(at: number): void {
		const wasPlaying = this.playing;
		const { queue, currentChanged } = Q.remove(this.#queue, at);
		this.#setQueue(queue);
		if (!currentChanged) return;
		this.position = 0;
		if (!this.current) this.#stop();
		else if (wasPlaying) void this.#start(0);
		else this.#unload();
	}

	clear(): void {
		this.#setQueue(Q.clear(this.#queue));
		if (!this.current) this.#stop();
	}

	toggleShuffle(): void {
		this.shuffle = !this.shuffle;
		this.#setQueue(this.shuffle ? Q.shuffle(this.#queue) : Q.unshuffle(this.#queue));
	}

	cycleRepeat(): void {
		this.repeat = Q.REPEAT_MODES[(Q.REPEAT_MODES.indexOf(this.repeat) + 1) % Q.REPEAT_MODES.length];
		this.#persistSoon();
	}

	setVolume(volume: number): void {
		this.volume = Math.min(1, Math.max(0, volume));
		if (this.volume > 0) this.muted = false;
		this.#applyVolume();
		this.#persistSoon();
	}

	toggleMute(): void {
		this.muted = !this.muted;
		this.#applyVolume();
		this.#persistSoon();
	}

	setNormalise(on: boolean): void {
		this.normalise = on;
		this.#applyVolume();
		this.#persistSoon();
	}

	setLossless(on: boolean): void {
		this.lossless = on;
		this.#engine?.setLossless(on);
		this.#persistSoon();
	}

	/**
	 * A play button is about to be pressed. `point` (the pointer or focus arrives): fetch the track's
	 * two small playlists. `press`: its first audio too, for the fast start (fast-start.ts). `rest` (the
	 * pointer rests on it): hls.js as well, which takes over once the track plays. Only `rest` fetches
	 * hls.js: compiling it in the milliseconds between a quick press and the sound would delay the sound.
	 */
	warmUp(track: PlayableTrack | undefined, how: 'point' | 'press' | 'rest' = 'point'): void {
		if (how === 'rest') preloadEngine();
		if (!track || this.#expiresSoon(track)) return;
		warmStart(track.src, this.lossless, how !== 'point');
	}

	#expiresSoon(track: PlayableTrack): boolean {
		return track.srcExpiresAt !== null && track.srcExpiresAt - Date.now() < SRC_EXPIRY_MARGIN_MS;
	}

	/** Called once by the PlayerBar with its element; restores the last session (paused). */
	attach(audio: HTMLAudioElement): void {
		if (this.#audio === audio) return;
		this.#audio = audio;
		this.#engine = new AudioEngine(audio, { onFatal: (message) => this.#fail(message) });
		this.#listen(audio);
		this.#applyVolume();
		void this.#restore();
		addEventListener('pagehide', () => this.#persistNow());
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'hidden') this.#persistNow();
		});
	}

	#setQueue(queue: Q.QueueState<PlayableTrack>): void {
		this.#queue = queue;
		this.#persistSoon();
	}

	async #start(startAt: number): Promise<void> {
		const item = this.current;
		const audio = this.#audio;
		const engine = this.#engine;
		if (!item || !audio || !engine) return;
		this.error = null;
		this.loading = true;
		this.position = startAt;
		this.#mediaDuration = 0;
		// No await unless the signature needs renewing: a fast start begins in the click's own task.
		const fresh = this.#expiresSoon(item) ? await this.#freshen(item) : item;
		if (this.current !== item) return;
		if (!fresh) {
			this.#drop(item, 'This track is no longer available.');
			return;
		}
		const track = fresh === item ? item : this.#replace(item, fresh);
		if (startAt > 0 || !engine.isPrepared(track.src)) warmStart(track.src, this.lossless, startAt === 0);
		this.#loaded = track;
		this.#preparedFor = null;
		this.#counter.start(track.id, track.durationSeconds);
		syncSessionTrack(track, this);
		this.#applyVolume();
		try {
			if (startAt > 0 || !engine.startFast(track.src, this.lossless)) {
				await engine.load(track.src, startAt, this.lossless);
				if (this.current !== track) return;
			}
			await audio.play();
		} catch (error) {
			// Autoplay refusals leave the track loaded and paused; the next press plays it.
			if ((error as Error)?.name !== 'AbortError') this.loading = false;
		}
	}

	/** `track` with a renewed signature (its own expires soon); as it was if that failed; null when gone. */
	async #freshen(track: PlayableTrack): Promise<PlayableTrack | null> {
		try {
			const response = await fetch(`/api/tracks/${encodeURIComponent(track.id)}/playable`);
			if (response.status === 404) return null;
			if (!response.ok) return track;
			const { parsePlayable } = await import('./persist-schema');
			return parsePlayable(await response.json()) ?? track;
		} catch {
			return track;
		}
	}

	#replace(old: PlayableTrack, fresh: PlayableTrack): PlayableTrack {
		const swap = (item: PlayableTrack) => (item === old ? fresh : item);
		const { items, index, unshuffled } = this.#queue;
		this.#setQueue({ items: items.map(swap), index, unshuffled: unshuffled?.map(swap) ?? null });
		return fresh;
	}

	/** Removes an unplayable item and moves on to what follows it, if anything. */
	#drop(item: PlayableTrack, message: string): void {
		const at = this.queue.indexOf(item);
		if (at < 0) return;
		const { queue } = Q.remove(this.#queue, at);
		const hadNext = at < this.queue.length - 1;
		this.#setQueue(queue);
		this.error = message;
		if (hadNext) void this.#start(0).then(() => (this.error ??= message));
		else this.#stop();
	}

	#fail(message: string): void {
		const current = this.current;
		this.loading = false;
		this.playing = false;
		this.#loaded = null;
		this.error = current ? `${current.title}: ${message}` : message;
		const to = Q.nextIndex(this.#queue, this.repeat === 'one' ? 'off' : this.repeat, false);
		if (to !== null && to !== this.index) {
			const error = this.error;
			this.jumpTo(to);
			this.error = error;
		}
	}

	#advance(ended: boolean): void {
		const to = Q.nextIndex(this.#queue, this.repeat, ended);
		if (to === null) {
			// The end of the queue: stay on the last track, rewound and paused.
			this.#audio?.pause();
			this.seek(0);
			this.#counter.start(this.current?.id ?? '', this.duration);
			return;
		}
		const loaded = this.#loaded;
		if (to === this.index && this.#audio && loaded && loaded === this.current) {
			this.#counter.start(loaded.id, this.duration);
			this.#audio.currentTime = 0;
			void this.#audio.play().catch(() => {});
			return;
		}
		this.jumpTo(to);
	}

	#unload(): void {
		this.#loaded = null;
		this.#engine?.stop();
		this.playing = false;
	}

	#stop(): void {
		this.#unload();
		this.position = 0;
		this.loading = false;
		clearSession();
		this.#persistSoon();
	}

	#applyVolume(): void {
		if (!this.#audio) return;
		const gain = normalisationGain(this.current?.loudnessLufs ?? null, this.normalise);
		this.#audio.volume = effectiveVolume(this.volume, this.muted, gain);
	}

	#listen(audio: HTMLAudioElement): void {
		audio.addEventListener('play', () => (this.playing = true));
		audio.addEventListener('playing', () => {
			this.loading = false;
			this.error = null;
		});
		audio.addEventListener('waiting', () => (this.loading = true));
		audio.addEventListener('pause', () => {
			this.playing = false;
			this.#counter.interrupt();
			this.#persistNow();
			syncSessionPosition(this);
		});
		audio.addEventListener('seeking', () => this.#counter.interrupt());
		audio.addEventListener('seeked', () => syncSessionPosition(this));
		audio.addEventListener('durationchange', () => {
			this.#mediaDuration = Number.isFinite(audio.duration) ? audio.duration : 0;
		});
		audio.addEventListener('timeupdate', () => this.#onTime(audio));
		audio.addEventListener('ended', () => this.#advance(true));
		// Native HLS reports failures on the element; hls.js reports its own through the engine.
		audio.addEventListener('error', () => {
			if (audio.getAttribute('src')?.startsWith('/')) this.#fail('Playback failed.');
		});
	}

	#onTime(audio: HTMLAudioElement): void {
		if (!this.#loaded || this.#loaded !== this.current || audio.seeking) return;
		this.position = audio.currentTime;
		if (!audio.paused && this.#counter.tick(audio.currentTime)) this.#reportPlay();
		const remaining = this.duration - audio.currentTime;
		if (remaining < PREPARE_NEXT_SECONDS && this.#preparedFor === null) this.#prepareNext();
		this.#persistSoon();
		syncSessionPosition(this);
	}

	#prepareNext(): void {
		const to = Q.nextIndex(this.#queue, this.repeat, true);
		const next = to === null || to === this.index ? null : this.queue[to];
		this.#preparedFor = next ?? this.current;
		if (!next || !this.#engine) return;
		if (this.#expiresSoon(next)) return;
		void this.#engine.prepare(next.src).catch(() => {});
	}

	#reportPlay(): void {
		const { trackId, heardSeconds } = this.#counter;
		if (!trackId) return;
		// Best effort: a play that cannot be recorded must never disturb listening.
		void fetch('/api/plays', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ trackId, heardSeconds })
		}).catch(() => {});
	}

	/** Brings back the last session, paused (autoplay rules): the validator is fetched only when there is one. */
	async #restore(): Promise<void> {
		try {
			const raw = localStorage.getItem(STORAGE_KEY);
			const { parsePersistedPlayer } = raw
				? await import('./persist-schema')
				: { parsePersistedPlayer: null };
			const saved = parsePersistedPlayer?.(raw);
			// Something may have been played while the validator loaded: that wins.
			if (saved && this.queue.length === 0) {
				this.#queue = saved.queue;
				this.position = saved.position;
				this.volume = saved.volume;
				this.muted = saved.muted;
				this.normalise = saved.normalise;
				this.lossless = saved.lossless;
				this.shuffle = saved.shuffle;
				this.repeat = saved.repeat;
				this.#applyVolume();
				if (this.current) syncSessionTrack(this.current, this);
			}
		} catch {
			// Storage can be unavailable (privacy modes); the player then simply starts empty.
		}
		this.#restored = true;
	}

	#persistSoon(): void {
		this.#dirty = true;
		if (!this.#restored || this.#persistTimer) return;
		this.#persistTimer = setTimeout(() => this.#persistNow(), PERSIST_EVERY_MS);
	}

	/** Writes what changed; a tab that changed nothing (say, one only read pages) never overwrites another's session. */
	#persistNow(): void {
		if (this.#persistTimer) clearTimeout(this.#persistTimer);
		this.#persistTimer = null;
		if (!this.#restored || !this.#dirty) return;
		this.#dirty = false;
		try {
			localStorage.setItem(
				STORAGE_KEY,
				serialisePlayer({
					queue: this.#queue,
					position: this.position,
					volume: this.volume,
					muted: this.muted,
					normalise: this.normalise,
					lossless: this.lossless,
					shuffle: this.shuffle,
					repeat: this.repeat
				})
			);
		} catch {
			// Full or unavailable storage: the session just will not survive a reload.
		}
	}
}

export type { Player };
export const player = new Player();
