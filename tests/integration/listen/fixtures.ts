import type { ReleaseRow } from '../../../src/lib/server/catalog/release-repository';
import type { TrackRow } from '../../../src/lib/server/catalog/track-repository';
import { newId } from '../../../src/lib/server/ids';
import type { Listener } from '../../../src/lib/server/listen/listener-key';
import { newPerson, type TestApp } from '../../helpers/app-context';

/** A signed-up person; `listener` is how the plays endpoint would describe them. */
export async function person(app: TestApp) {
	const { user } = await app.context.accounts.signUp(newPerson());
	const listener: Listener = { userId: user.id, address: '198.51.100.1', userAgent: 'Test browser' };
	return { user, listener };
}

export function anonymous(
	address = '203.0.113.9',
	userAgent = 'Mozilla/5.0 (X11; Linux) Test/1.0'
): Listener {
	return { userId: null, address, userAgent };
}

let handles = 0;

/** An artist with one release in the given state; add tracks with `track()`. */
export async function artistWithRelease(
	app: TestApp,
	state: { status?: ReleaseRow['status']; publishAt?: number | null } = {}
) {
	const { user } = await app.context.accounts.signUp(newPerson());
	const actor = { userId: user.id, isAdmin: false };
	handles++;
	const artist = app.context.artists.createProfile(actor, {
		handle: `tides${handles}`,
		name: `The Tides ${handles}`,
		bio: '',
		links: []
	});
	const release = app.context.catalog.createRelease(actor, {
		title: `Harbour ${handles}`,
		type: 'ep',
		releaseDate: '',
		description: '',
		tags: '',
		licence: 'cc-by'
	});
	const status = state.status ?? 'published';
	app.context.repositories.releases.update(release.id, {
		status,
		publishAt: state.publishAt ?? (status === 'draft' ? null : app.clock.now())
	});
	const listener: Listener = { userId: user.id, address: '198.51.100.7', userAgent: 'Artist browser' };
	return { user, artist, release, listener };
}

/** A track row as the worker leaves it: ready (by default) with a published HLS directory. */
export function track(
	app: TestApp,
	release: Pick<ReleaseRow, 'id' | 'artistId'>,
	fields: Partial<TrackRow> = {}
): TrackRow {
	const id = newId();
	const now = app.clock.now();
	const row: TrackRow = {
		id,
		releaseId: release.id,
		artistId: release.artistId,
		position: 1,
		discNumber: null,
		tagTrackNumber: null,
		uploadBatch: null,
		title: `Track ${id.slice(0, 4)}`,
		originalName: 'song.flac',
		sourceKey: `originals/${id}`,
		sourceBytes: 1000,
		sourceKind: 'flac',
		sourceDemuxer: 'flac',
		lossless: true,
		status: 'ready',
		stage: null,
		progress: 1,
		error: null,
		errorDetail: null,
		jobId: null,
		durationSeconds: 200,
		loudnessLufs: -14,
		truePeakDbtp: -1,
		peaks: null,
		mediaKey: `tracks/${id}/v1-abc`,
		rungs: null,
		artworkKey: null,
		createdAt: now,
		updatedAt: now,
		...fields
	};
	app.context.repositories.tracks.insert(row);
	return row;
}
