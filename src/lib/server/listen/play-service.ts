import { playSchema, type PlayResult } from '../../shared/schemas/play';
import { fieldErrors } from '../../shared/validation';
import type { Clock } from '../clock';
import { ServiceError } from '../errors';
import { newId } from '../ids';
import { createListenerKeys, type Listener } from './listener-key';
import type { HistoryCursor, HistoryEntryRow, PlaysRepository } from './plays-repository';
import { createRequestLimiter } from './request-limiter';

export interface PlayLimits {
	/** A listener's play counts again for the same track only after this long. */
	dedupeMs: number;
	/** At most this many counted plays per listener per hour, across all tracks. */
	countedPerHour: number;
	/** Reports accepted per listener per minute before the endpoint answers 429. */
	requestsPerMinute: number;
}

export const DEFAULT_PLAY_LIMITS: PlayLimits = {
	dedupeMs: 10 * 60_000,
	countedPerHour: 120,
	requestsPerMinute: 30
};

const HOUR_MS = 60 * 60_000;
/** A play counts once this much was heard, or half of a shorter track. */
const THRESHOLD_SECONDS = 30;
/** The player's clock and the encoded length may differ a little. */
const DURATION_SLACK_SECONDS = 5;

export const HISTORY_PAGE_SIZE = 50;

export interface HistoryPage {
	entries: HistoryEntryRow[];
	/** Pass as `before` for the next (older) page; null when there is none. */
	older: string | null;
}

/** The seconds a listener must hear before a play of a track this long counts. */
export function thresholdSeconds(durationSeconds: number | null): number {
	return durationSeconds && durationSeconds > 0
		? Math.min(THRESHOLD_SECONDS, durationSeconds * 0.5)
		: THRESHOLD_SECONDS;
}

function encodeCursor(entry: HistoryEntryRow): string {
	return `${entry.playedAt}.${entry.id}`;
}

function decodeCursor(value: string): HistoryCursor {
	const match = /^(\d{1,15})\.([A-Za-z0-9_-]{1,64})$/.exec(value);
	if (!match) throw new ServiceError('invalid', 'This page of your history does not exist.');
	return { playedAt: Number(match[1]), id: match[2] };
}

/**
 * Counts plays honestly and keeps signed-in listeners' history. A report counts when the track is
 * ready on a release public now, enough of it was heard, this listener has not had it counted in the
 * last 10 minutes and is under the hourly cap. Anything that does not count answers `counted: false`
 * the same way, whether the track is unknown, private or merely a repeat: nothing leaks.
 */
export function createPlayService(deps: {
	repo: PlaysRepository;
	clock: Clock;
	limits?: Partial<PlayLimits>;
}) {
	const { repo, clock } = deps;
	const limits = { ...DEFAULT_PLAY_LIMITS, ...deps.limits };
	const keys = createListenerKeys({ repo, clock });
	const requests = createRequestLimiter(clock, limits.requestsPerMinute, 60_000);

	return {
		recordPlay(raw: unknown, listener: Listener): PlayResult {
			// The first report of a UTC day (from anyone) makes the new salt and forgets older ones.
			keys.rotate();
			const listenerKey = keys.keyOf(listener);
			const waitSeconds = requests.hit(listenerKey);
			if (waitSeconds > 0) {
				throw new ServiceError(
					'rate_limited',
					`Too many plays reported in a short time. Try again in ${waitSeconds} seconds.`,
					{},
					waitSeconds
				);
			}
			const parsed = playSchema.safeParse(raw);
			if (!parsed.success) {
				const fields = fieldErrors(parsed.error);
				throw new ServiceError('invalid', Object.values(fields).join(' '), fields);
			}
			const { trackId, heardSeconds } = parsed.data;
			const now = clock.now();
			// Check and insert under one write lock, so two reports at once cannot both count.
			const counted = repo.immediate(() => {
				const track = repo.findCountableTrack(trackId, now);
				if (!track) return false;
				const duration = track.durationSeconds;
				if (duration !== null && heardSeconds > duration + DURATION_SLACK_SECONDS) {
					throw new ServiceError(
						'invalid',
						`heardSeconds (${heardSeconds}) is longer than the track (${Math.round(duration)} s).`,
						{ heardSeconds: 'Longer than the track.' }
					);
				}
				if (heardSeconds < thresholdSeconds(duration)) return false;
				if (repo.playedSince(track.id, listenerKey, now - limits.dedupeMs)) return false;
				if (repo.countByListenerSince(listenerKey, now - HOUR_MS) >= limits.countedPerHour) return false;
				repo.insertPlay({
					id: newId(),
					trackId: track.id,
					artistId: track.artistId,
					listenerKey,
					playedAt: now
				});
				if (listener.userId) {
					repo.insertHistory({ id: newId(), userId: listener.userId, trackId: track.id, playedAt: now });
				}
				return true;
			});
			return { counted };
		},

		historyOf(userId: string, options: { limit?: number; before?: string } = {}): HistoryPage {
			const asked = Math.floor(options.limit ?? HISTORY_PAGE_SIZE);
			const limit = Number.isFinite(asked) ? Math.max(1, Math.min(100, asked)) : HISTORY_PAGE_SIZE;
			const before = options.before ? decodeCursor(options.before) : undefined;
			const rows = repo.historyOf(userId, clock.now(), limit + 1, before);
			const entries = rows.slice(0, limit);
			return { entries, older: rows.length > limit ? encodeCursor(entries[entries.length - 1]) : null };
		},

		/** Deletes this user's history rows; their counted plays stay (play counts do not change). */
		clearHistory(userId: string): number {
			return repo.clearHistory(userId);
		},

		playCountOf(trackId: string): number {
			return repo.countByTrack(trackId);
		}
	};
}

export type PlayService = ReturnType<typeof createPlayService>;
