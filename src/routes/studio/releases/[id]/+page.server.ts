import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { error, fail } from '@sveltejs/kit';
import { toTrackUpdate } from '$lib/server/catalog/catalog-service';
import type { TrackRow } from '$lib/server/catalog/track-repository';
import { getAppContext } from '$lib/server/context';
import { isServiceError } from '$lib/server/errors';
import { failWith, formFields, requireUser } from '$lib/server/http/forms';
import { downsamplePeaks, localInputToIso } from '$lib/studio/format';
import { coverStateOf } from '$lib/shared/catalog';
import type { StudioTrack } from '$lib/studio/types';
import type { Actions, PageServerLoad } from './$types';

const RELEASE_FIELDS = ['title', 'type', 'releaseDate', 'description', 'tags', 'licence'] as const;
/** Enough points for a row-wide waveform; the stored ~1,500 would weigh down the page data. */
const WAVEFORM_POINTS = 160;

type Scope = 'details' | 'cover' | 'track' | 'publish' | 'downloads';
type User = NonNullable<App.Locals['user']>;

const actorOf = (user: User) => ({ userId: user.id, isAdmin: user.isAdmin });

// Every answer names the part of the page it belongs to, so the message shows next to that form.
function failIn(scope: Scope, err: unknown, values: Record<string, string> = {}) {
	return failWith(err, { ...values, scope });
}
function done(scope: Scope, success: string, values: Record<string, string> = {}) {
	return { success, values: { ...values, scope } };
}

function toStudioTrack(row: TrackRow): StudioTrack {
	return {
		...toTrackUpdate(row),
		originalName: row.originalName,
		peaks: row.status === 'ready' && row.peaks ? downsamplePeaks(row.peaks, WAVEFORM_POINTS) : null
	};
}

export const load: PageServerLoad = ({ locals, params, url, depends }) => {
	depends('studio:release');
	const user = requireUser(locals, `/studio/releases/${params.id}`);
	const { catalog, clock, config, downloads, mediaUrls } = getAppContext();
	// Taken before reading: live events newer than this are not in the data (see TrackBoard).
	const loadedAt = clock.now();
	let owned;
	let downloadSettings;
	try {
		owned = catalog.releaseForOwner(actorOf(user), params.id);
		downloadSettings = downloads.settingsFor(actorOf(user), params.id);
	} catch (err) {
		if (isServiceError(err)) error(err.status, err.message);
		throw err;
	}
	const { release, tracks, quota } = owned;
	return {
		release: {
			id: release.id,
			title: release.title,
			type: release.type,
			releaseDate: release.releaseDate ?? '',
			description: release.description,
			tags: release.tags.join(', '),
			licence: release.licence,
			status: release.status,
			publishAt: release.publishAt,
			cover: coverStateOf(release),
			coverFailure: release.coverError
				? { reason: release.coverError, detail: release.coverErrorDetail }
				: null,
			artworkBase: mediaUrls.artworkBase(release.coverKey)
		},
		tracks: tracks.map(toStudioTrack),
		quota,
		downloads: { ...downloadSettings.settings, possible: downloadSettings.possible },
		maxUploadBytes: config.maxUploadBytes,
		loadedAt,
		created: url.searchParams.has('created')
	};
};

export const actions: Actions = {
	details: async ({ request, locals, params }) => {
		const user = requireUser(locals, `/studio/releases/${params.id}`);
		const fields = formFields(await request.formData(), RELEASE_FIELDS);
		try {
			getAppContext().catalog.updateRelease(actorOf(user), params.id, fields);
		} catch (err) {
			return failIn('details', err, fields);
		}
		return done('details', 'Details saved.');
	},

	cover: async ({ request, locals, params }) => {
		const user = requireUser(locals, `/studio/releases/${params.id}`);
		const file = (await request.formData()).get('cover');
		if (!(file instanceof File) || file.size === 0) {
			const message = 'Choose an image file for the cover.';
			return fail(400, { message, errors: { cover: message }, values: { scope: 'cover' } });
		}
		const { catalog, config } = getAppContext();
		// The form body is already in memory (capped at 16 MB by the server), so one write is enough;
		// the uploads dir is on the media store's filesystem, so setCover can adopt it with a rename.
		await fs.mkdir(config.uploadsDir, { recursive: true });
		const tempPath = path.join(config.uploadsDir, `cover-${randomUUID()}`);
		await fs.writeFile(tempPath, new Uint8Array(await file.arrayBuffer()));
		let warning: string | null;
		try {
			({ warning } = await catalog.setCover(actorOf(user), params.id, tempPath));
		} catch (err) {
			await fs.rm(tempPath, { force: true });
			return failIn('cover', err);
		}
		return {
			...done('cover', 'Cover received. It is being prepared and will be ready in a moment.'),
			warning
		};
	},

	editTrack: async ({ request, locals, params }) => {
		const user = requireUser(locals, `/studio/releases/${params.id}`);
		const fields = formFields(await request.formData(), ['trackId', 'title', 'position']);
		try {
			getAppContext().catalog.editTrack(actorOf(user), fields.trackId, fields);
		} catch (err) {
			return failIn('track', err, fields);
		}
		return done('track', 'Saved.', { trackId: fields.trackId });
	},

	moveTrack: async ({ request, locals, params }) => {
		const user = requireUser(locals, `/studio/releases/${params.id}`);
		const fields = formFields(await request.formData(), ['trackId', 'direction', 'to']);
		try {
			const moved = getAppContext().catalog.reorderTrack(actorOf(user), fields.trackId, fields);
			return done('track', `Moved “${moved.title}” to ${moved.place}.`, {
				trackId: fields.trackId,
				moved: fields.direction || 'to'
			});
		} catch (err) {
			return failIn('track', err, { trackId: fields.trackId });
		}
	},

	deleteTrack: async ({ request, locals, params }) => {
		const user = requireUser(locals, `/studio/releases/${params.id}`);
		const { trackId, title } = formFields(await request.formData(), ['trackId', 'title']);
		try {
			await getAppContext().catalog.deleteTrack(actorOf(user), trackId);
		} catch (err) {
			return failIn('track', err, { trackId });
		}
		return done('track', title ? `“${title}” was deleted.` : 'The track was deleted.');
	},

	retryTrack: async ({ request, locals, params }) => {
		const user = requireUser(locals, `/studio/releases/${params.id}`);
		const { trackId } = formFields(await request.formData(), ['trackId']);
		try {
			getAppContext().catalog.retryTrack(actorOf(user), trackId);
		} catch (err) {
			return failIn('track', err, { trackId });
		}
		return done('track', 'Trying again.', { trackId });
	},

	publish: async ({ request, locals, params }) => {
		const user = requireUser(locals, `/studio/releases/${params.id}`);
		const fields = formFields(await request.formData(), ['when', 'publishAt', 'publishAtLocal']);
		// The browser sends the artist's local time as an instant; without JavaScript only the
		// datetime-local text arrives, read as UTC (the form says so).
		const raw =
			fields.when === 'later'
				? { when: 'later', publishAt: fields.publishAt || localInputToIso(fields.publishAtLocal, true) || '' }
				: { when: fields.when };
		try {
			const release = getAppContext().catalog.publish(actorOf(user), params.id, raw);
			return done(
				'publish',
				release.status === 'published'
					? 'Published. Listeners can find it on your artist page.'
					: 'Scheduled. It goes public by itself at the chosen time.'
			);
		} catch (err) {
			return failIn('publish', err, { when: fields.when, publishAtLocal: fields.publishAtLocal });
		}
	},

	downloads: async ({ request, locals, params }) => {
		const user = requireUser(locals, `/studio/releases/${params.id}`);
		const data = await request.formData();
		const raw = {
			enabled: data.get('enabled') === 'on',
			formats: data.getAll('formats').filter((value) => typeof value === 'string')
		};
		try {
			const saved = getAppContext().downloads.saveSettings(actorOf(user), params.id, raw);
			return done('downloads', saved.enabled ? 'Downloads are on.' : 'Downloads are off.');
		} catch (err) {
			return failIn('downloads', err);
		}
	},

	unpublish: async ({ locals, params }) => {
		const user = requireUser(locals, `/studio/releases/${params.id}`);
		try {
			getAppContext().catalog.unpublish(actorOf(user), params.id);
		} catch (err) {
			return failIn('publish', err);
		}
		return done('publish', 'Unpublished. Only you can see this release now.');
	}
};
