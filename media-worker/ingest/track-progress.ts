import type { Clock } from '../../src/lib/server/clock';
import type {
	JobFence,
	TrackPipelineRepository
} from '../../src/lib/server/catalog/track-pipeline-repository';
import type { TrackStage } from '../../src/lib/shared/catalog';

type WorkingStage = Exclude<TrackStage, 'queued' | 'retrying'>;

/** Each stage's share of the bar, from measurements: the ladder is nearly all of the work. */
export const STAGE_RANGES: Record<WorkingStage, readonly [number, number]> = {
	probing: [0, 0.02],
	encoding: [0.02, 0.9],
	analysing: [0.9, 0.95],
	artwork: [0.95, 0.97],
	publishing: [0.97, 0.99]
};
/** Enough for a smooth bar; the live relay sends every row change, so fewer writes mean less traffic. */
const MIN_STEP = 0.01;
const MIN_WRITE_INTERVAL_MS = 250;

export interface TrackProgress {
	enter(stage: WorkingStage): void;
	/** `fraction` is 0..1 within the stage. */
	update(stage: WorkingStage, fraction: number): void;
}

/** Stage and overall progress to the track row (throttled) and to the job's next heartbeat. */
export function createTrackProgress(deps: {
	repo: TrackPipelineRepository;
	clock: Clock;
	trackId: string;
	fence: JobFence;
	report: (fraction: number) => void;
}): TrackProgress {
	let stage: WorkingStage | null = null;
	let overall = 0;
	let written = -1;
	let writtenAt = 0;

	function write(force: boolean): void {
		const now = Date.now();
		if (!force && (overall - written < MIN_STEP || now - writtenAt < MIN_WRITE_INTERVAL_MS)) return;
		written = overall;
		writtenAt = now;
		deps.repo.setProgress(
			deps.trackId,
			deps.fence,
			stage!,
			Math.round(overall * 1000) / 1000,
			deps.clock.now()
		);
	}

	function update(next: WorkingStage, fraction: number): void {
		const [from, to] = STAGE_RANGES[next];
		const changed = next !== stage;
		stage = next;
		// Never backwards: concurrent steps report out of order, and a bar that shrinks looks broken.
		overall = Math.max(overall, from + (to - from) * Math.min(1, Math.max(0, fraction)));
		deps.report(overall);
		write(changed);
	}

	return { enter: (next) => update(next, 0), update };
}
