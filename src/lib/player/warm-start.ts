/**
 * A quick start: the moment a play button is pressed we fetch the first files of the track — the
 * master playlist, the starting rung's playlist, its init section and first segment (the playlists
 * already when the button is pointed at, or when the page is idle for its main button). The fast
 * start (fast-start.ts) plays the first segment from here; hls.js's loader (engine.ts) takes what it
 * asks for from here too instead of the network, so nothing is fetched twice.
 * The rung is chosen as the engine chooses its start level (the middle AAC rung, or FLAC with the
 * lossless setting); if it guessed differently, hls.js simply fetches what it wants.
 */

interface Entry {
	data: Promise<string | ArrayBuffer>;
	startedAt: number;
	endedAt: number;
}

const KEEP_MS = 30_000;
const entries = new Map<string, Entry>();
/** URLs fetched here lately (taken or not): never fetched twice by the warm start. */
const fetched = new Set<string>();
/** Master URLs (per rung choice) whose first audio is wanted as soon as their playlists are known. */
const audioWanted = new Set<string>();

/** The body of `url`, fetched once and kept for KEEP_MS; audio fetched lately is not fetched `again` unless asked. */
function prefetch(url: string, as: 'text' | 'arrayBuffer', again = false): Promise<string | ArrayBuffer> {
	const existing = entries.get(url);
	if (existing) return existing.data;
	if (fetched.has(url) && as === 'arrayBuffer' && !again) return Promise.reject(new Error('already fetched'));
	fetched.add(url);
	setTimeout(() => fetched.delete(url), KEEP_MS);
	const entry: Entry = { startedAt: performance.now(), endedAt: 0, data: Promise.resolve('') };
	entry.data = fetch(url, { credentials: 'same-origin' }).then(async (response) => {
		if (!response.ok) throw new Error(`${response.status}`);
		const body = as === 'text' ? await response.text() : await response.arrayBuffer();
		entry.endedAt = performance.now();
		return body;
	});
	entry.data.catch(() => entries.delete(url));
	entries.set(url, entry);
	setTimeout(() => entries.delete(url), KEEP_MS);
	return entry.data;
}

interface Variant {
	uri: string;
	bandwidth: number;
	flac: boolean;
	/** The CODECS attribute ('' when the playlist has none). */
	codecs: string;
}

/** The variants of a master playlist (ours: one audio rendition per EXT-X-STREAM-INF). */
export function parseVariants(master: string): Variant[] {
	const lines = master.split(/\r?\n/).map((line) => line.trim());
	const variants: Variant[] = [];
	lines.forEach((line, i) => {
		if (!line.startsWith('#EXT-X-STREAM-INF:')) return;
		const uri = lines.slice(i + 1).find((next) => next && !next.startsWith('#'));
		if (!uri) return;
		const bandwidth = Number(/[:,]BANDWIDTH=(\d+)/.exec(line)?.[1] ?? 0);
		const codecs = /CODECS="([^"]*)"/.exec(line)?.[1] ?? '';
		variants.push({ uri, bandwidth, flac: /flac/i.test(`${codecs} ${uri}`), codecs });
	});
	return variants;
}

/**
 * The middle rung of a ladder (ours: 64k, 128k, 160k → 128k), by bitrate. Nearest-to-128 kbit/s would
 * be fragile: BANDWIDTH is the peak rate, well above the nominal one.
 */
export function middleRung<T>(rungs: T[], bitrate: (rung: T) => number): T | null {
	const sorted = [...rungs].sort((a, b) => bitrate(a) - bitrate(b));
	return sorted[Math.floor((sorted.length - 1) / 2)] ?? null;
}

/** The variant the engine starts on: the middle AAC rung, or FLAC with the lossless setting. */
export function startVariant(variants: Variant[], lossless: boolean): Variant | null {
	const flac = variants.find((variant) => variant.flac);
	if (lossless && flac) return flac;
	return middleRung(
		variants.filter((variant) => !variant.flac),
		(variant) => variant.bandwidth
	);
}

/** The init section and first segment of a media playlist, and its whole duration in seconds. */
export function firstFiles(playlist: string): {
	init: string | null;
	first: string | null;
	duration: number;
} {
	const lines = playlist.split(/\r?\n/).map((line) => line.trim());
	const init = /URI="([^"]+)"/.exec(lines.find((line) => line.startsWith('#EXT-X-MAP:')) ?? '')?.[1] ?? null;
	const first = lines.find((line) => line && !line.startsWith('#')) ?? null;
	const duration = lines
		.filter((line) => line.startsWith('#EXTINF:'))
		.reduce((sum, line) => sum + (Number.parseFloat(line.slice('#EXTINF:'.length)) || 0), 0);
	return { init, first, duration };
}

interface FirstFiles {
	levelUrl: string;
	codecs: string;
	init: string | null;
	first: string | null;
	duration: number;
}

function keyOf(src: string, lossless: boolean): { masterUrl: string; key: string } {
	const masterUrl = new URL(src, location.href).href;
	return { masterUrl, key: `${lossless}:${masterUrl}` };
}

/** Per master URL and rung choice: the playlists' fetch-and-parse, shared by every caller. */
const chains = new Map<string, Promise<FirstFiles | null>>();

/**
 * Starts fetching the first files of `src` (a master playlist URL): the two small playlists always,
 * the init section and first segment too when `withAudio` (a press, not a hover). Safe to repeat.
 */
export function warmStart(src: string, lossless: boolean, withAudio = true): void {
	if (typeof window === 'undefined') return;
	const { masterUrl, key } = keyOf(src, lossless);
	if (withAudio) {
		audioWanted.add(key);
		setTimeout(() => audioWanted.delete(key), KEEP_MS);
	}
	let chain = chains.get(key);
	if (!chain) {
		chain = (async () => {
			const master = (await prefetch(masterUrl, 'text')) as string;
			const variant = startVariant(parseVariants(master), lossless);
			if (!variant) return null;
			const levelUrl = new URL(variant.uri, masterUrl).href;
			const playlist = (await prefetch(levelUrl, 'text')) as string;
			const files = { levelUrl, codecs: variant.codecs, ...firstFiles(playlist) };
			// In the same task as the playlist arrives, before hls.js (fed the same playlist) asks for them.
			if (audioWanted.has(key)) fetchFirstAudio(files);
			return files;
		})().catch(() => null);
		chains.set(key, chain);
		setTimeout(() => chains.delete(key), KEEP_MS);
	} else if (withAudio) {
		void chain.then((files) => files && fetchFirstAudio(files));
	}
}

function fetchFirstAudio(files: FirstFiles): void {
	// A failed warm start costs nothing: hls.js fetches for itself.
	for (const file of [files.init, files.first])
		if (file) void prefetch(new URL(file, files.levelUrl).href, 'arrayBuffer').catch(() => {});
}

export interface FirstAudio {
	/** The starting rung's CODECS ('mp4a.40.2', 'fLaC'). */
	codecs: string;
	/** The whole track, in seconds, by the rung's playlist. */
	duration: number;
	init: ArrayBuffer;
	first: ArrayBuffer;
}

/**
 * The bytes of the starting rung's init section and first segment (for fast-start.ts), from the warm
 * start (they stay there for hls.js's loader to take), fetched now if it has them no more; null when the
 * playlists cannot be had or the rung is not fMP4 with a CODECS attribute.
 */
export async function firstAudio(src: string, lossless: boolean): Promise<FirstAudio | null> {
	warmStart(src, lossless, true);
	const files = await chains.get(keyOf(src, lossless).key);
	if (!files?.init || !files.first || !files.codecs) return null;
	const body = (file: string) => prefetch(new URL(file, files.levelUrl).href, 'arrayBuffer', true);
	try {
		const [init, first] = await Promise.all([body(files.init), body(files.first)]);
		if (!(init instanceof ArrayBuffer) || !(first instanceof ArrayBuffer)) return null;
		return { codecs: files.codecs, duration: files.duration, init, first };
	} catch {
		return null;
	}
}

/** Hands a prefetched body to the loader (once); undefined when there is none. */
export function takePrefetched(url: string): Entry | undefined {
	const key = new URL(url, location.href).href;
	const entry = entries.get(key);
	if (entry) entries.delete(key);
	return entry;
}
