import fs from 'node:fs/promises';
import path from 'node:path';
import { MASTER_PLAYLIST, MEDIA_PLAYLIST, type LadderRung } from './args';

/**
 * We write the playlists ourselves instead of trusting ffmpeg's: ffmpeg 5.1 gives the FLAC rung a
 * wrong BANDWIDTH and no CODECS, writes no AVERAGE-BANDWIDTH at all, and ends FLAC with an empty fragment
 * that hls.js rejects. Pure functions first; `finalizeLadder` at the bottom does the file work.
 */

export interface MediaSegment {
	uri: string;
	duration: number;
}

export interface MediaPlaylist {
	/** The fMP4 initialisation section (EXT-X-MAP). */
	mapUri: string;
	segments: MediaSegment[];
}

export interface MasterEntry {
	uri: string;
	codecs: string;
	peakBitrate: number;
	averageBitrate: number;
}

/** fMP4 media playlists with EXT-X-MAP need version 6+; 7 matches what ffmpeg writes. */
export const HLS_VERSION = 7;
/** Our segment and init names only: anything else in a playlist means it is not ours. */
const SAFE_URI = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const SAFE_MASTER_URI = /^[A-Za-z0-9][A-Za-z0-9_.-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function parseMediaPlaylist(text: string): MediaPlaylist {
	const lines = text
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter(Boolean);
	if (lines[0] !== '#EXTM3U') throw new Error('not an HLS playlist: the first line is not #EXTM3U');
	let mapUri: string | null = null;
	let pendingDuration: number | null = null;
	const segments: MediaSegment[] = [];
	for (const line of lines.slice(1)) {
		if (line.startsWith('#EXT-X-MAP:')) {
			mapUri = checkUri(/URI="([^"]*)"/.exec(line)?.[1] ?? '');
		} else if (line.startsWith('#EXTINF:')) {
			pendingDuration = Number(line.slice('#EXTINF:'.length).split(',')[0]);
			if (!Number.isFinite(pendingDuration) || pendingDuration < 0)
				throw new Error(`bad EXTINF line: ${line}`);
		} else if (!line.startsWith('#')) {
			if (pendingDuration === null) throw new Error(`segment without EXTINF: ${line}`);
			segments.push({ uri: checkUri(line), duration: pendingDuration });
			pendingDuration = null;
		}
	}
	if (!mapUri) throw new Error('the playlist has no EXT-X-MAP (is it fMP4?)');
	return { mapUri, segments };
}

export function serializeMediaPlaylist(playlist: MediaPlaylist): string {
	return [
		'#EXTM3U',
		`#EXT-X-VERSION:${HLS_VERSION}`,
		`#EXT-X-TARGETDURATION:${targetDuration(playlist)}`,
		'#EXT-X-MEDIA-SEQUENCE:0',
		'#EXT-X-PLAYLIST-TYPE:VOD',
		'#EXT-X-INDEPENDENT-SEGMENTS',
		`#EXT-X-MAP:URI="${checkUri(playlist.mapUri)}"`,
		...playlist.segments.flatMap((segment) => [
			`#EXTINF:${segment.duration.toFixed(6)},`,
			checkUri(segment.uri)
		]),
		'#EXT-X-ENDLIST',
		''
	].join('\n');
}

/** RFC 8216: every EXTINF, rounded to the nearest integer, must not exceed the target duration. */
export function targetDuration(playlist: MediaPlaylist): number {
	return Math.max(1, ...playlist.segments.map((segment) => Math.round(segment.duration)));
}

/** Cumulative segment end times: equal lists mean aligned rungs. */
export function segmentBoundaries(playlist: MediaPlaylist): number[] {
	let end = 0;
	return playlist.segments.map((segment) => (end += segment.duration));
}

/** True when an fMP4 fragment carries samples: a `moof` box and a non-empty `mdat`. */
export function hasMediaSamples(bytes: Uint8Array): boolean {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let offset = 0;
	let moof = false;
	let mdatPayload = 0;
	while (offset + 8 <= bytes.length) {
		let size = view.getUint32(offset);
		const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
		let header = 8;
		if (size === 1 && offset + 16 <= bytes.length) {
			size = Number(view.getBigUint64(offset + 8));
			header = 16;
		} else if (size === 0) size = bytes.length - offset;
		if (size < header) break;
		if (type === 'moof') moof = true;
		if (type === 'mdat') mdatPayload += size - header;
		offset += size;
	}
	return moof && mdatPayload > 0;
}

/**
 * ffmpeg's FLAC encoder ends with a packet holding only metadata, which becomes a fragment with no
 * samples (a lone `styp` box, EXTINF ~0.1). hls.js fails on it; there is nothing in it to keep.
 */
export function dropTrailingEmptySegment(
	playlist: MediaPlaylist,
	lastSegmentBytes: Uint8Array
): { playlist: MediaPlaylist; dropped: string | null } {
	const last = playlist.segments.at(-1);
	if (!last || playlist.segments.length < 2 || hasMediaSamples(lastSegmentBytes))
		return { playlist, dropped: null };
	return { playlist: { ...playlist, segments: playlist.segments.slice(0, -1) }, dropped: last.uri };
}

/**
 * AVERAGE-BANDWIDTH is total segment bytes over total duration. BANDWIDTH is RFC 8216's peak segment
 * bit rate: the highest rate of any run of segments lasting 0.5-1.5 target durations, so a short last
 * segment (mostly headers) cannot inflate it.
 */
export function measureBitrates(
	playlist: MediaPlaylist,
	sizeOf: (uri: string) => number
): { peakBitrate: number; averageBitrate: number } {
	const sizes = playlist.segments.map((segment) => sizeOf(segment.uri));
	const durations = playlist.segments.map((segment) => segment.duration);
	const totalSeconds = durations.reduce((sum, value) => sum + value, 0);
	if (totalSeconds <= 0) throw new Error('the playlist has no duration to measure a bitrate over');
	const average = (sizes.reduce((sum, value) => sum + value, 0) * 8) / totalSeconds;
	const target = targetDuration(playlist);
	let peak = 0;
	for (let start = 0; start < sizes.length; start++) {
		let bytes = 0;
		let seconds = 0;
		for (let end = start; end < sizes.length && seconds < 1.5 * target; end++) {
			bytes += sizes[end];
			seconds += durations[end];
			if (seconds >= 0.5 * target && seconds <= 1.5 * target) peak = Math.max(peak, (bytes * 8) / seconds);
		}
	}
	return { peakBitrate: Math.ceil(Math.max(peak, average)), averageBitrate: Math.ceil(average) };
}

export function buildMasterPlaylist(entries: readonly MasterEntry[]): string {
	if (entries.length === 0) throw new Error('a master playlist needs at least one rung');
	const variants = entries.flatMap((entry) => {
		if (!SAFE_MASTER_URI.test(entry.uri)) throw new Error(`unexpected rung URI: ${entry.uri}`);
		if (!/^[A-Za-z0-9.]+$/.test(entry.codecs)) throw new Error(`unexpected CODECS value: ${entry.codecs}`);
		const attributes = [
			`BANDWIDTH=${Math.ceil(entry.peakBitrate)}`,
			`AVERAGE-BANDWIDTH=${Math.ceil(entry.averageBitrate)}`,
			`CODECS="${entry.codecs}"`
		];
		return ['', `#EXT-X-STREAM-INF:${attributes.join(',')}`, entry.uri];
	});
	return ['#EXTM3U', `#EXT-X-VERSION:${HLS_VERSION}`, '#EXT-X-INDEPENDENT-SEGMENTS', ...variants, ''].join(
		'\n'
	);
}

function checkUri(uri: string): string {
	if (!SAFE_URI.test(uri)) throw new Error(`unexpected URI in playlist: ${JSON.stringify(uri)}`);
	return uri;
}

export interface FinishedRung extends LadderRung, MasterEntry {
	segmentCount: number;
	durationSeconds: number;
}

/** Rungs whose lengths differ by more than this did not encode the same audio. */
const MAX_DURATION_DISAGREEMENT_SECONDS = 0.5;
/** Only fragments this small are read to check for samples; real ones are far larger. */
const SMALL_FRAGMENT_BYTES = 64 * 1024;

/**
 * Repairs each rung's media playlist in place (empty trailing fragment removed, canonical header), then
 * writes master.m3u8 from measured sizes. Runs on the unpublished temp directory only.
 */
export async function finalizeLadder(
	outputDir: string,
	rungs: readonly LadderRung[]
): Promise<FinishedRung[]> {
	const finished: FinishedRung[] = [];
	for (const rung of rungs) {
		const dir = path.join(outputDir, rung.name);
		const playlistPath = path.join(dir, MEDIA_PLAYLIST);
		let playlist = parseMediaPlaylist(await fs.readFile(playlistPath, 'utf8'));
		const last = playlist.segments.at(-1);
		if (!last) throw new Error(`the ${rung.name} rung has no segments`);
		const lastPath = path.join(dir, last.uri);
		if ((await fs.stat(lastPath)).size <= SMALL_FRAGMENT_BYTES) {
			const repaired = dropTrailingEmptySegment(playlist, await fs.readFile(lastPath));
			if (repaired.dropped) await fs.unlink(lastPath);
			playlist = repaired.playlist;
		}
		const sizes = new Map<string, number>();
		for (const segment of playlist.segments)
			sizes.set(segment.uri, (await fs.stat(path.join(dir, segment.uri))).size);
		await fs.writeFile(playlistPath, serializeMediaPlaylist(playlist));
		finished.push({
			...rung,
			uri: `${rung.name}/${MEDIA_PLAYLIST}`,
			...measureBitrates(playlist, (uri) => sizes.get(uri) ?? 0),
			segmentCount: playlist.segments.length,
			durationSeconds: Math.round((segmentBoundaries(playlist).at(-1) ?? 0) * 1e6) / 1e6
		});
	}
	const lengths = finished.map((rung) => rung.durationSeconds);
	if (Math.max(...lengths) - Math.min(...lengths) > MAX_DURATION_DISAGREEMENT_SECONDS)
		throw new Error(`the ladder's rungs disagree on the track's length: ${lengths.join(', ')} s`);
	await fs.writeFile(path.join(outputDir, MASTER_PLAYLIST), buildMasterPlaylist(finished));
	return finished;
}
