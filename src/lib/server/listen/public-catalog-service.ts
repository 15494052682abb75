import { z } from 'zod';
import type { Licence, ReleaseCard } from '../../shared/catalog';
import { NO_CREDITS, releaseCreditSummary } from '../../shared/credits';
import { parseLyrics } from '../../shared/lyrics';
import type { PlayableTrack } from '../../shared/playable';
import { downsamplePeaks } from '../../studio/format';
import { can, isOwner, isReleasePublicAt, type Actor } from '../auth/policy';
import type { CreditsRepository } from '../catalog/credits-repository';
import type { ReleaseRepository, ReleaseRow } from '../catalog/release-repository';
import type { Clock } from '../clock';
import { ServiceError } from '../errors';
import type { MediaUrls } from '../media/media-urls';
import { toPlayable } from './playable';
import type {
	ArtistRef,
	ListedTrack,
	PublicCatalogRepository,
	ReleaseRef
} from './public-catalog-repository';

/** Who is looking (signed in): owners and admins may preview what is not public yet. */
export type Viewer = Actor;

/** Public, or a preview only its artist (or an admin) can see, with the reason. */
export type Visibility = { state: 'public' } | { state: 'draft' } | { state: 'scheduled'; publishAt: number };

export interface CountedTrack {
	track: PlayableTrack;
	plays: number;
}

/** Trending looks back this far. */
export const TRENDING_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** Points of the track page's waveform: enough for a page-wide drawing, small enough for page data. */
export const TRACK_PAGE_PEAKS = 300;

const tagParam = z.string().trim().toLowerCase().min(1).max(40);

const RELEASE_NOT_FOUND = 'This release does not exist.';
const TRACK_NOT_FOUND = 'This track does not exist.';

export function createPublicCatalogService(deps: {
	repo: PublicCatalogRepository;
	releases: ReleaseRepository;
	credits: Pick<CreditsRepository, 'creditsOf' | 'creditsOfTracks' | 'lyricsOf'>;
	mediaUrls: MediaUrls;
	clock: Clock;
}) {
	const { repo, releases, credits, mediaUrls, clock } = deps;

	/** The track row behind a page, when `viewer` may see it (public, or theirs to preview). */
	function visibleTrack(id: string, viewer: Viewer | null) {
		const found = repo.trackById(id);
		if (!found) throw new ServiceError('not_found', TRACK_NOT_FOUND);
		const { track: row, release, artist } = found;
		const now = clock.now();
		const resource = { kind: 'track' as const, ownerUserId: artist.userId, release, track: row };
		if (!can(viewer, 'view', resource, now)) throw new ServiceError('not_found', TRACK_NOT_FOUND);
		return {
			...found,
			isPublic: isReleasePublicAt(release, now),
			canEdit: can(viewer, 'edit', resource, now)
		};
	}

	function visibilityOf(release: Pick<ReleaseRow, 'status' | 'publishAt'>, isPublic: boolean): Visibility {
		if (isPublic) return { state: 'public' };
		if (release.status === 'scheduled' && release.publishAt !== null) {
			return { state: 'scheduled', publishAt: release.publishAt };
		}
		return { state: 'draft' };
	}

	function card(
		release: ReleaseRow,
		artist: { name: string; handle: string },
		trackCount: number
	): ReleaseCard {
		return {
			id: release.id,
			title: release.title,
			type: release.type,
			releaseDate: release.releaseDate,
			artistName: artist.name,
			artistHandle: artist.handle,
			artworkBase: mediaUrls.artworkBase(release.coverKey),
			trackCount: Number(trackCount)
		};
	}

	function playable(
		track: ListedTrack,
		release: ReleaseRef,
		artist: { name: string; handle: string },
		isPublic: boolean,
		viewer: Viewer | null
	): PlayableTrack | null {
		return toPlayable(
			{ track: { ...track, peaks: null }, release, artist, isPublic, viewerUserId: viewer?.userId ?? null },
			mediaUrls
		);
	}

	/** Rows of public, ready tracks with their play counts. */
	function counted(
		rows: Array<{ track: ListedTrack; release: ReleaseRef; artist: ArtistRef; plays: number }>
	) {
		const out: CountedTrack[] = [];
		for (const row of rows) {
			const track = playable(row.track, row.release, row.artist, true, null);
			if (track) out.push({ track, plays: Number(row.plays) });
		}
		return out;
	}

	return {
		home(limits = { releases: 12, trending: 10, tags: 24 }) {
			const now = clock.now();
			return {
				newReleases: repo
					.newReleases(now, limits.releases)
					.map((row) => card(row.release, row.artist, row.trackCount)),
				trending: counted(repo.trending(now, now - TRENDING_WINDOW_MS, limits.trending)),
				tags: repo.tagCounts(now, limits.tags)
			};
		},

		artistPage(handle: string, viewer: Viewer | null) {
			const artist = repo.artistByHandle(handle.toLowerCase());
			if (!artist) throw new ServiceError('not_found', 'No artist has this handle.');
			const now = clock.now();
			const cards = releases.listPublicByArtist(artist.id, now).map((r) => card(r, artist, r.trackCount));
			return {
				artist: {
					id: artist.id,
					handle: artist.handle,
					name: artist.name,
					bio: artist.bio,
					links: artist.links,
					avatarBase: mediaUrls.artworkBase(artist.avatarKey),
					bannerBase: mediaUrls.artworkBase(artist.bannerKey)
				},
				isOwner: isOwner(viewer, artist.userId),
				// Only while it is public: a featured release that went back to draft simply is not shown.
				featured: cards.find((c) => c.id === artist.featuredReleaseId) ?? null,
				releases: cards,
				topTracks: counted(repo.topTracksOfArtist(artist.id, now, 5).map((row) => ({ ...row, artist })))
			};
		},

		/** The release page; not-public releases look missing to everyone but their artist and admins. */
		releasePage(id: string, viewer: Viewer | null) {
			const found = repo.releaseById(id);
			if (!found) throw new ServiceError('not_found', RELEASE_NOT_FOUND);
			const { release, artist } = found;
			const now = clock.now();
			const resource = { kind: 'release' as const, ownerUserId: artist.userId, release };
			if (!can(viewer, 'view', resource, now)) throw new ServiceError('not_found', RELEASE_NOT_FOUND);
			const isPublic = isReleasePublicAt(release, now);
			const canEdit = can(viewer, 'edit', resource, now);
			const rows = repo.readyTracksOfRelease(release.id);
			const tracks = rows
				.map((row) => playable(row, release, artist, isPublic, viewer))
				.filter((track): track is PlayableTrack => track !== null);
			const creditsByTrack = credits.creditsOfTracks(tracks.map((track) => track.id));
			const trackCredits = tracks.map((track) => creditsByTrack.get(track.id) ?? NO_CREDITS);
			// A release without its own cover shows the first embedded artwork, like the player does.
			const cover = release.coverKey ?? rows.find((row) => row.artworkKey)?.artworkKey ?? null;
			return {
				release: {
					id: release.id,
					title: release.title,
					type: release.type,
					releaseDate: release.releaseDate,
					description: release.description,
					tags: release.tags,
					licence: release.licence as Licence,
					artworkBase: mediaUrls.artworkBase(cover)
				},
				artist: { name: artist.name, handle: artist.handle },
				visibility: visibilityOf(release, isPublic),
				canEdit,
				tracks,
				/** Each track's own artists and credits, in the order of `tracks`. */
				trackCredits,
				creditSummary: releaseCreditSummary(trackCredits),
				totalSeconds: tracks.reduce((sum, track) => sum + track.durationSeconds, 0)
			};
		},

		/** The track page; only ready tracks have one, with the same visibility rules as their release. */
		trackPage(id: string, viewer: Viewer | null) {
			const found = visibleTrack(id, viewer);
			const { track: row, release, artist, isPublic, canEdit } = found;
			const track = playable(row, release, artist, isPublic, viewer);
			if (!track) throw new ServiceError('not_found', TRACK_NOT_FOUND);
			const lyrics = credits.lyricsOf(row.id);
			return {
				credits: credits.creditsOf(row.id),
				lyrics: lyrics ? parseLyrics(lyrics.text) : null,
				track,
				peaks: downsamplePeaks(row.peaks ?? [], TRACK_PAGE_PEAKS),
				plays: Number(found.plays),
				release: {
					id: release.id,
					title: release.title,
					type: release.type,
					releaseDate: release.releaseDate
				},
				licence: release.licence as Licence,
				visibility: visibilityOf(release, isPublic),
				canEdit
			};
		},

		/** A track's lyrics for the player, parsed; null when it has none. Same visibility as its page. */
		trackLyrics(id: string, viewer: Viewer | null) {
			const { track } = visibleTrack(id, viewer);
			if (track.status !== 'ready') throw new ServiceError('not_found', TRACK_NOT_FOUND);
			const lyrics = credits.lyricsOf(track.id);
			return lyrics ? parseLyrics(lyrics.text) : null;
		},

		releasesWithTag(rawTag: string, limit = 60) {
			const parsed = tagParam.safeParse(rawTag);
			if (!parsed.success) throw new ServiceError('invalid', 'Tags are 1 to 40 characters long.');
			const tag = parsed.data;
			const now = clock.now();
			return {
				tag,
				releases: repo
					.releasesWithTag(tag, now, limit)
					.map((row) => card(row.release, row.artist, row.trackCount))
			};
		}
	};
}

export type PublicCatalogService = ReturnType<typeof createPublicCatalogService>;
