import type { TrackPipelineRepository } from '../../src/lib/server/catalog/track-pipeline-repository';
import type { Clock } from '../../src/lib/server/clock';
import type { JobQueue } from '../../src/lib/server/jobs/types';
import type { MediaStore } from '../../src/lib/server/media/media-store';
import type { CpuSlots } from '../ffmpeg/cpu-slots';
import type { FfmpegRunner } from '../ffmpeg/runner';

/** What the track and cover pipelines work with; built once per worker by `startIngestWorker`. */
export interface PipelineDeps {
	jobs: JobQueue;
	repo: TrackPipelineRepository;
	store: MediaStore;
	runner: FfmpegRunner;
	/**
	 * For loudness and peaks, which run beside the ladder: at the lowest priority they use only CPU the
	 * ladder leaves idle, so on a busy machine they never stretch the job's critical path.
	 */
	analysisRunner?: FfmpegRunner;
	/** One CPU-bound ffmpeg per core across all jobs of this worker; unlimited when absent. */
	cpuSlots?: CpuSlots;
	clock: Clock;
	limits: { maxTrackSeconds: number };
}
