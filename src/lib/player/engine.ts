import type Hls from 'hls.js';
import type {
	ErrorData,
	HlsConfig,
	Level,
	LoaderCallbacks,
	LoaderConfiguration,
	LoaderContext
} from 'hls.js';
import { canFastStart, fastStart, type FastStart } from './fast-start';
import { middleRung, takePrefetched } from './warm-start';

type HlsClass = typeof Hls;

/**
 * Turns master playlist URLs into sound on the one <audio> element. A track played from its start
 * begins on a fast start (fast-start.ts: its first segment on a MediaSource of ours) and hls.js takes
 * over from there. hls.js is imported only once something plays (or the pointer rests on a play
 * button: `preloadEngine`), and only its light build: our ladders are plain audio variants in fMP4,
 * no alternate renditions, subtitles or DRM. Browsers without MSE but with native HLS (older iOS
 * Safari) play the playlist directly.
 */
let hlsClass: Promise<HlsClass> | null = null;

function loadHls(): Promise<HlsClass> {
	hlsClass ??= import('hls.js/light').then((module) => module.default as unknown as HlsClass);
	hlsClass.catch(() => (hlsClass = null));
	return hlsClass;
}

function hasMse(): boolean {
	return typeof window !== 'undefined' && ('MediaSource' in window || 'ManagedMediaSource' in window);
}

/** Starts fetching hls.js ahead of the click that needs it. */
export function preloadEngine(): void {
	if (hasMse()) void loadHls().catch(() => {});
}

const NETWORK_RETRIES = 3;

function isFlac(level: Level): boolean {
	return /flac/i.test(`${level.audioCodec ?? ''} ${level.codecSet ?? ''}`);
}

/**
 * hls.js's own loader, except that what warm-start.ts already fetched (or is fetching) for a URL is
 * handed over instead of requested again.
 */
let loaderClass: HlsConfig['loader'] | null = null;

function prefetchingLoader(HlsClass: HlsClass): HlsConfig['loader'] {
	const Base = HlsClass.DefaultConfig.loader;
	loaderClass ??= class PrefetchingLoader extends Base {
		private cancelled = false;

		override load(
			context: LoaderContext,
			config: LoaderConfiguration,
			callbacks: LoaderCallbacks<LoaderContext>
		): void {
			const whole = !context.rangeStart && !context.rangeEnd;
			const hit = whole ? takePrefetched(context.url) : undefined;
			if (!hit) return super.load(context, config, callbacks);
			this.context = context;
			hit.data.then(
				(data) => {
					if (this.cancelled) return;
					if ((context.responseType === 'arraybuffer') !== data instanceof ArrayBuffer) {
						super.load(context, config, callbacks);
						return;
					}
					const stats = this.stats;
					stats.loading.start = hit.startedAt;
					stats.loading.first = stats.loading.end = hit.endedAt || performance.now();
					stats.loaded = stats.total = typeof data === 'string' ? data.length : data.byteLength;
					callbacks.onSuccess({ url: context.url, data, code: 200 }, stats, context, null);
				},
				() => {
					if (!this.cancelled) super.load(context, config, callbacks);
				}
			);
		}

		override abort(): void {
			this.cancelled = true;
			super.abort();
		}

		override destroy(): void {
			this.cancelled = true;
			super.destroy();
		}
	};
	return loaderClass;
}

function hlsConfig(HlsClass: HlsClass): Partial<HlsConfig> {
	return {
		loader: prefetchingLoader(HlsClass),
		// Our segments are fMP4 and pass through without transmuxing, so a worker buys nothing; without it
		// hls.js needs no blob: worker and the CSP stays as it is (no worker-src).
		enableWorker: false,
		// The ladder is sorted by bitrate: 64k, 128k, 160k, (FLAC). Corrected on MANIFEST_PARSED if not.
		startLevel: 1,
		// Fetch the first fragment while the MediaSource is still opening: part of a quick start.
		startFragPrefetch: true,
		testBandwidth: false,
		// A FLAC rung otherwise over-buffers and ends in bufferFullError (STACK.md); the Lossless switch can
		// move a running instance onto FLAC, so every instance gets the cap (60 s of AAC is ~1 MB anyway).
		maxMaxBufferLength: 60,
		maxBufferLength: 30
	};
}

export interface EngineEvents {
	/** Playback of the current source failed for good; `message` is for people. */
	onFatal(message: string): void;
}

interface Prepared {
	src: string;
	hls: Hls;
}

export class AudioEngine {
	private hls: Hls | null = null;
	private prepared: Prepared | null = null;
	/** The src whose preparation waits for hls.js to arrive. */
	private preparing: string | null = null;
	private lossless = false;
	/** The master playlist on the element now. */
	private src: string | null = null;
	private generation = 0;

	constructor(
		private readonly audio: HTMLAudioElement,
		private readonly events: EngineEvents
	) {}

	/** Whether `src` has been prepared (its first files are loading or loaded already). */
	isPrepared(src: string): boolean {
		return this.prepared?.src === src || this.preparing === src;
	}

	/**
	 * Puts `src` on the element from its beginning on a fast start (fast-start.ts), now, so that the
	 * caller can call play() in the same task; false when that is not the way here (no MSE, or `src`
	 * was prepared: then `load` is quicker).
	 */
	startFast(src: string, lossless: boolean): boolean {
		if (this.prepared?.src === src || !canFastStart()) return false;
		const generation = ++this.generation;
		this.lossless = lossless;
		this.src = src;
		this.destroyHls();
		this.discardPrepared();
		void this.takeOver(generation, src, fastStart(this.audio, src, lossless));
		return true;
	}

	/** Loads `src` on the element, starting at `startAt` seconds; resolves when it can be played. */
	async load(src: string, startAt: number, lossless: boolean): Promise<void> {
		const generation = ++this.generation;
		this.lossless = lossless;
		this.src = src;
		this.destroyHls();
		if (!hasMse() && this.audio.canPlayType('application/vnd.apple.mpegurl')) {
			this.discardPrepared();
			this.audio.src = src;
			if (startAt > 0) this.audio.currentTime = startAt;
			return;
		}
		const HlsClass = await loadHls();
		if (generation !== this.generation) return;
		let hls: Hls;
		if (this.prepared?.src === src && startAt === 0) {
			hls = this.prepared.hls;
			this.prepared = null;
		} else {
			this.discardPrepared();
			hls = new HlsClass({ ...hlsConfig(HlsClass), startPosition: startAt > 0 ? startAt : -1 });
			hls.loadSource(src);
		}
		this.hls = hls;
		this.watch(HlsClass, hls, src);
		if (hls.levels.length > 0) this.applyLevels(hls);
		hls.attachMedia(this.audio);
		if (startAt > 0) await this.positioned(startAt);
	}

	/** hls.js takes the element over from a fast start (fast-start.ts), or starts afresh if that failed. */
	private async takeOver(generation: number, src: string, fast: FastStart): Promise<void> {
		const filled = await fast.ready;
		// hls.js is a few hundred kilobytes to compile and run: on the first play that would hold up the
		// very events the start waits for, so it comes once the first seconds are heard (or could not be).
		if (filled) await started(this.audio);
		if (generation !== this.generation) return;
		let HlsClass: HlsClass;
		try {
			HlsClass = await loadHls();
		} catch {
			if (generation === this.generation) this.events.onFatal('The player could not be loaded.');
			return;
		}
		if (generation !== this.generation) return;
		const hls = new HlsClass(hlsConfig(HlsClass));
		this.hls = hls;
		this.watch(HlsClass, hls, src);
		hls.loadSource(src);
		if (!filled) {
			hls.attachMedia(this.audio);
			return;
		}
		const { buffer, codecs } = filled;
		const audio = {
			id: 'main' as const,
			container: 'audio/mp4',
			codec: codecs,
			levelCodec: codecs,
			buffer,
			listeners: []
		};
		hls.attachMedia({ media: this.audio, mediaSource: fast.mediaSource, tracks: { audio } });
	}

	/**
	 * Resolves once the element stands at `startAt`. The fragment holding startAt also holds the seconds
	 * before it; played before hls.js seeks (on loadedmetadata), they would be heard as a blip of the
	 * track's beginning. So the element is told its start position itself, and play waits for it.
	 */
	private positioned(startAt: number): Promise<void> {
		const audio = this.audio;
		try {
			audio.currentTime = startAt;
		} catch {
			// Some engines refuse before metadata; hls.js then seeks on loadedmetadata as usual.
		}
		return new Promise((resolve) => {
			const done = () => {
				audio.removeEventListener('seeked', check);
				audio.removeEventListener('loadedmetadata', check);
				clearTimeout(timer);
				resolve();
			};
			const check = () => {
				if (audio.readyState >= HTMLMediaElement.HAVE_METADATA && audio.currentTime >= startAt - 0.5) done();
			};
			const timer = setTimeout(done, 10_000);
			audio.addEventListener('seeked', check);
			audio.addEventListener('loadedmetadata', check);
		});
	}

	/** Readies `src` (playlists and first fragment) so that switching to it is immediate. */
	async prepare(src: string): Promise<void> {
		if (this.prepared?.src === src || this.preparing === src || !hasMse()) return;
		this.preparing = src;
		const HlsClass = await loadHls();
		if (this.preparing !== src) return;
		this.preparing = null;
		this.discardPrepared();
		const hls = new HlsClass(hlsConfig(HlsClass));
		hls.on(HlsClass.Events.MANIFEST_PARSED, () => this.applyLevels(hls));
		hls.on(HlsClass.Events.ERROR, (_event, data) => {
			if (data.fatal && this.prepared?.hls === hls) this.discardPrepared();
		});
		hls.loadSource(src);
		this.prepared = { src, hls };
	}

	/**
	 * Lossless on: the FLAC rung, fixed (a smooth switch: from the next fragment on). Off: automatic,
	 * capped below FLAC. Going back from FLAC to AAC inside one hls.js instance (smooth or immediate
	 * switch) left the element stalled at the seam in our e2e test, so that direction re-creates the
	 * instance at the playhead instead: a short gap, then AAC.
	 */
	setLossless(on: boolean): void {
		const wasLossless = this.lossless;
		this.lossless = on;
		if (!this.hls) return;
		if (on || !wasLossless || !this.src) this.applyLevels(this.hls, true);
		else void this.restart(this.src);
	}

	private async restart(src: string): Promise<void> {
		const audio = this.audio;
		const playing = !audio.paused;
		await this.load(src, audio.currentTime, this.lossless);
		if (playing && this.src === src) await audio.play().catch(() => {});
	}

	/** Stops loading and detaches (the element is kept: it is the player's for the whole visit). */
	stop(): void {
		this.generation++;
		this.src = null;
		this.destroyHls();
		this.discardPrepared();
		this.audio.removeAttribute('src');
		this.audio.load();
	}

	private applyLevels(hls: Hls, switching = false): void {
		const levels = hls.levels;
		const flac = levels.findIndex(isFlac);
		const aac = levels.map((level, i) => ({ level, i })).filter(({ level }) => !isFlac(level));
		// The everyday rung (128k): we start there and let ABR adapt.
		const start = middleRung(aac, (c) => c.level.bitrate) ?? { i: 0 };
		const topAac = aac.length ? Math.max(...aac.map((c) => c.i)) : -1;
		if (this.lossless && flac >= 0) {
			hls.autoLevelCapping = -1;
			if (switching) hls.nextLevel = flac;
			else hls.startLevel = flac;
		} else {
			hls.autoLevelCapping = topAac;
			if (switching) hls.nextLevel = -1;
			else if (hls.startLevel !== start.i) hls.startLevel = start.i;
		}
	}

	private watch(HlsClass: HlsClass, hls: Hls, src: string): void {
		let mediaRecovered = false;
		let networkRetries = 0;
		hls.on(HlsClass.Events.MANIFEST_PARSED, () => this.applyLevels(hls));
		hls.on(HlsClass.Events.FRAG_BUFFERED, () => (networkRetries = 0));
		hls.on(HlsClass.Events.ERROR, (_event, data: ErrorData) => {
			if (!data.fatal || hls !== this.hls) return;
			const status = data.response?.code ?? 0;
			if (data.type === HlsClass.ErrorTypes.MEDIA_ERROR && !mediaRecovered) {
				// Once: a decode hiccup is often cured by re-creating the SourceBuffers; twice means it is not.
				mediaRecovered = true;
				hls.recoverMediaError();
			} else if (
				data.type === HlsClass.ErrorTypes.NETWORK_ERROR &&
				networkRetries < NETWORK_RETRIES &&
				!(status >= 400 && status < 500)
			) {
				// hls.js has already retried the request itself; this is a slower retry for a connection that dropped.
				networkRetries++;
				setTimeout(() => {
					if (hls !== this.hls) return;
					if (hls.levels.length === 0) hls.loadSource(src);
					else hls.startLoad(this.audio.currentTime || -1);
				}, 1000 * networkRetries);
			} else {
				this.destroyHls();
				this.events.onFatal(describe(data));
			}
		});
	}

	private destroyHls(): void {
		this.hls?.destroy();
		this.hls = null;
	}

	private discardPrepared(): void {
		this.preparing = null;
		this.prepared?.hls.destroy();
		this.prepared = null;
	}
}

/**
 * Resolves once `audio` plays; or at once when there is no start to protect: it is paused, or seeks
 * (past the fast start's seconds, likely: hls.js is needed there), or a second has passed.
 */
function started(audio: HTMLAudioElement): Promise<void> {
	if (audio.paused || audio.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA) return Promise.resolve();
	const events = ['playing', 'pause', 'seeking'] as const;
	return new Promise((resolve) => {
		const done = () => {
			for (const type of events) audio.removeEventListener(type, done);
			clearTimeout(timer);
			resolve();
		};
		const timer = setTimeout(done, 1000);
		for (const type of events) audio.addEventListener(type, done);
	});
}

function describe(data: ErrorData): string {
	const status = data.response?.code;
	if (status === 403 || status === 404) return 'This track is not available.';
	if (data.type === 'networkError') return 'The connection failed.';
	if (data.type === 'mediaError') return 'The audio could not be decoded.';
	return 'Playback failed.';
}
