import { describe, expect, it } from 'vitest';
import { clockText, formatClock, formatLength } from '../../../src/lib/player/format';
import { effectiveVolume, normalisationGain } from '../../../src/lib/player/loudness';
import { HeardCounter, playThreshold } from '../../../src/lib/player/play-count';
import { serialisePlayer, STORAGE_VERSION, type PlayerSnapshot } from '../../../src/lib/player/persist';
import { parsePersistedPlayer, parsePlayable } from '../../../src/lib/player/persist-schema';
import type { PlayableTrack } from '../../../src/lib/shared/playable';

describe('loudness normalisation', () => {
	it('brings loud tracks down to −14 LUFS and never boosts', () => {
		expect(normalisationGain(-8, true)).toBeCloseTo(10 ** (-6 / 20), 6);
		expect(normalisationGain(-14, true)).toBe(1);
		expect(normalisationGain(-20, true)).toBe(1);
	});

	it('changes nothing when off or unmeasured', () => {
		expect(normalisationGain(-8, false)).toBe(1);
		expect(normalisationGain(null, true)).toBe(1);
		expect(normalisationGain(Number.NaN, true)).toBe(1);
	});

	it('multiplies into the listener volume, muted is silent', () => {
		expect(effectiveVolume(0.5, false, 0.5)).toBe(0.25);
		expect(effectiveVolume(0.8, true, 1)).toBe(0);
		expect(effectiveVolume(2, false, 1)).toBe(1);
	});
});

describe('play counting', () => {
	it('the threshold is 30 s, or half of a shorter track', () => {
		expect(playThreshold(240)).toBe(30);
		expect(playThreshold(20)).toBe(10);
	});

	function play(counter: HeardCounter, from: number, to: number, step = 0.25): boolean[] {
		const results: boolean[] = [];
		for (let t = from; t <= to + 1e-9; t += step) results.push(counter.tick(t));
		return results;
	}

	it('reports once, when enough has been heard', () => {
		const counter = new HeardCounter();
		counter.start('t1', 20);
		const results = play(counter, 0, 15);
		expect(results.filter(Boolean)).toHaveLength(1);
		expect(results.indexOf(true)).toBe(40); // 10 s at four ticks a second
		expect(counter.heardSeconds).toBeCloseTo(15, 6);
	});

	it('seeks do not count as listening', () => {
		const counter = new HeardCounter();
		counter.start('t1', 200);
		play(counter, 0, 5);
		expect(counter.tick(150)).toBe(false); // a jump forward
		play(counter, 150, 160);
		counter.interrupt();
		play(counter, 20, 25); // after a seek back
		expect(counter.heardSeconds).toBeCloseTo(20, 6);
		expect(counter.tick(170)).toBe(false);
	});

	it('a new play-through starts from zero and may count again', () => {
		const counter = new HeardCounter();
		counter.start('t1', 20);
		expect(play(counter, 0, 12).some(Boolean)).toBe(true);
		counter.start('t1', 20);
		expect(counter.heardSeconds).toBe(0);
		expect(play(counter, 0, 12).some(Boolean)).toBe(true);
	});
});

const track = (id: string): PlayableTrack => ({
	id,
	title: `Track ${id}`,
	artistName: 'Mei',
	artistHandle: 'mei',
	releaseId: 'r1',
	releaseTitle: 'Tides',
	durationSeconds: 120,
	loudnessLufs: -9.5,
	lossless: true,
	src: `/media/tracks/${id}/v1-abc/master.m3u8`,
	srcExpiresAt: null,
	artworkBase: '/media/artwork/r1/v1'
});

describe('persisted player state', () => {
	const a = track('a');
	const b = track('b');
	const c = track('c');
	const snapshot: PlayerSnapshot = {
		queue: { items: [b, a, c], index: 1, unshuffled: [a, b, c] },
		position: 42.25,
		volume: 0.7,
		muted: false,
		normalise: true,
		lossless: false,
		shuffle: true,
		repeat: 'all'
	};

	it('round-trips, shuffle order included', () => {
		const restored = parsePersistedPlayer(serialisePlayer(snapshot));
		expect(restored).not.toBeNull();
		expect(restored!.queue.items.map((t) => t.id)).toEqual(['b', 'a', 'c']);
		expect(restored!.queue.index).toBe(1);
		expect(restored!.queue.unshuffled!.map((t) => t.id)).toEqual(['a', 'b', 'c']);
		expect(restored!.queue.unshuffled![0]).toBe(restored!.queue.items[1]);
		expect(restored).toMatchObject({ position: 42.3, volume: 0.7, repeat: 'all', shuffle: true });
	});

	it('ignores nothing, corrupt JSON, other versions and invalid values', () => {
		const good = JSON.parse(serialisePlayer(snapshot));
		expect(parsePersistedPlayer(null)).toBeNull();
		expect(parsePersistedPlayer('{not json')).toBeNull();
		expect(parsePersistedPlayer(JSON.stringify({ ...good, v: STORAGE_VERSION - 1 }))).toBeNull();
		expect(parsePersistedPlayer(JSON.stringify({ ...good, v: STORAGE_VERSION + 1 }))).toBeNull();
		expect(parsePersistedPlayer(JSON.stringify({ ...good, volume: 3 }))).toBeNull();
		expect(parsePersistedPlayer(JSON.stringify({ ...good, index: 9 }))).toBeNull();
		expect(parsePersistedPlayer(JSON.stringify({ ...good, repeat: 'sometimes' }))).toBeNull();
		expect(parsePersistedPlayer(JSON.stringify([1, 2]))).toBeNull();
	});

	it('refuses sources that are not same-origin paths', () => {
		const good = JSON.parse(serialisePlayer(snapshot));
		good.queue[0].src = 'https://evil.example/master.m3u8';
		expect(parsePersistedPlayer(JSON.stringify(good))).toBeNull();
		good.queue[0].src = '//evil.example/master.m3u8';
		expect(parsePersistedPlayer(JSON.stringify(good))).toBeNull();
		expect(parsePlayable({ ...a, src: 'javascript:alert(1)' })).toBeNull();
		expect(parsePlayable(a)).toEqual(a);
	});
});

describe('the player clock', () => {
	it('rounds a position down and a length to the nearest second', () => {
		expect(formatClock(83.7)).toBe('1:23');
		expect(formatClock(3725)).toBe('1:02:05');
		expect(formatClock(Number.NaN)).toBe('0:00');
		// A FLAC rung a few milliseconds shorter than the original still reads as the page's 0:40.
		expect(formatLength(39.98)).toBe('0:40');
		expect(formatLength(39.4)).toBe('0:39');
		expect(clockText(39.98, 39.98)).toBe('0:39 of 0:40');
	});
});
