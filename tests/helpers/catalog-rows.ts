import type { ReleaseRow } from '../../src/lib/server/catalog/release-repository';
import type { TrackRow } from '../../src/lib/server/catalog/track-repository';
import { newId } from '../../src/lib/server/ids';
import type { TrackStatus } from '../../src/lib/shared/catalog';

/**
 * A track row in any state, written straight through the track repository (no worker needed): for
 * tests about who may see or change a track, where how it was processed does not matter.
 */
export function trackRow(
	release: Pick<ReleaseRow, 'id' | 'artistId'>,
	status: TrackStatus,
	fields: Partial<TrackRow> = {}
): TrackRow {
	const id = fields.id ?? newId();
	const now = fields.createdAt ?? Date.now();
	return {
		id,
		releaseId: release.id,
		artistId: release.artistId,
		position: 1,
		title: `Track ${id}`,
		originalName: 'take.wav',
		sourceKey: `originals/${id}/source`,
		sourceBytes: 1000,
		sourceKind: 'wav',
		sourceDemuxer: 'wav',
		lossless: true,
		status,
		stage: status === 'processing' ? 'encoding' : null,
		progress: status === 'ready' ? 1 : 0.4,
		error: status === 'failed' ? 'The file could not be read.' : null,
		jobId: null,
		durationSeconds: status === 'ready' ? 61 : null,
		loudnessLufs: null,
		truePeakDbtp: null,
		peaks: null,
		mediaKey: status === 'ready' ? `tracks/${id}/v1-1` : null,
		rungs: null,
		artworkKey: null,
		createdAt: now,
		updatedAt: now,
		...fields
	};
}
