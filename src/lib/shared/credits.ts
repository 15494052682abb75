/**
 * Who made a track: its own main and featured artists (names, optionally linked to a Shoal artist),
 * and credits by role. Shared by the server (pages, the studio), the worker (tags) and downloads
 * (`creditsText`, the plain-text credits file).
 */
export const ARTIST_ROLES = ['main', 'featured'] as const;
export type ArtistRole = (typeof ARTIST_ROLES)[number];

export const CREDIT_ROLES = [
	'composer',
	'lyricist',
	'producer',
	'performer',
	'mixing',
	'mastering',
	'artwork',
	'other'
] as const;
export type CreditRole = (typeof CREDIT_ROLES)[number];

export const CREDIT_ROLE_LABELS: Record<CreditRole, string> = {
	composer: 'Composer',
	lyricist: 'Lyricist',
	producer: 'Producer',
	performer: 'Performer',
	mixing: 'Mixing',
	mastering: 'Mastering',
	artwork: 'Artwork',
	other: 'Other'
};

/** Limits shared by the studio form, the worker and the database writes. */
export const MAX_CREDIT_NAME = 200;
export const MAX_CREDIT_DETAIL = 80;
export const MAX_TRACK_ARTISTS = 20;
export const MAX_TRACK_CREDITS = 60;

export interface TrackArtistCredit {
	role: ArtistRole;
	name: string;
	/** The linked Shoal artist's handle, when the name is one of ours. */
	handle: string | null;
}

export interface TrackCredit {
	role: CreditRole;
	name: string;
	/** The instrument for a performer, the role's own name for "other", a note for the rest ('' when none). */
	detail: string;
	handle: string | null;
}

export interface TrackCredits {
	artists: TrackArtistCredit[];
	credits: TrackCredit[];
}

export const NO_CREDITS: TrackCredits = { artists: [], credits: [] };

/**
 * The names shown after "by": the track's own main artists, or the uploading artist when it has
 * none; and the featured ones.
 */
export function artistLine(
	account: { name: string; handle: string },
	artists: TrackArtistCredit[]
): { main: TrackArtistCredit[]; featured: TrackArtistCredit[] } {
	const main = artists.filter((a) => a.role === 'main');
	return {
		main: main.length ? main : [{ role: 'main', name: account.name, handle: account.handle }],
		featured: artists.filter((a) => a.role === 'featured')
	};
}

/** "A, B & C". */
export function joinNames(names: string[]): string {
	if (names.length <= 1) return names.join('');
	return `${names.slice(0, -1).join(', ')} & ${names[names.length - 1]}`;
}

/** "A & B feat. C" as plain text. */
export function artistLineText(account: { name: string; handle: string }, artists: TrackArtistCredit[]) {
	const { main, featured } = artistLine(account, artists);
	const mainText = joinNames(main.map((a) => a.name));
	return featured.length ? `${mainText} feat. ${joinNames(featured.map((a) => a.name))}` : mainText;
}

/** "Performer (guitar)", "Producer (additional)", "Arranger" (other), "Composer". */
export function creditLabel(credit: Pick<TrackCredit, 'role' | 'detail'>): string {
	if (credit.role === 'other') return credit.detail || CREDIT_ROLE_LABELS.other;
	if (credit.role === 'performer' && credit.detail)
		return `${CREDIT_ROLE_LABELS.performer} (${credit.detail})`;
	return CREDIT_ROLE_LABELS[credit.role];
}

/** Credits grouped under their label, in the order labels first appear: [["Composer", ["A", "B"]]]. */
export function groupCredits(credits: TrackCredit[]): Array<{ label: string; names: TrackCredit[] }> {
	const groups = new Map<string, TrackCredit[]>();
	for (const credit of credits) {
		const label = creditLabel(credit);
		groups.set(label, [...(groups.get(label) ?? []), credit]);
	}
	return [...groups].map(([label, names]) => ({ label, names }));
}

/**
 * A release-level summary: each label with every distinct name credited under it on any track,
 * in track order. Used by the release page.
 */
export function releaseCreditSummary(
	tracks: TrackCredits[]
): Array<{ label: string; names: Array<{ name: string; handle: string | null }> }> {
	const groups = new Map<string, Map<string, { name: string; handle: string | null }>>();
	const add = (label: string, name: string, handle: string | null) => {
		const names = groups.get(label) ?? new Map();
		if (!names.has(name)) names.set(name, { name, handle });
		groups.set(label, names);
	};
	for (const track of tracks) {
		for (const artist of track.artists)
			if (artist.role === 'featured') add('Featuring', artist.name, artist.handle);
		for (const credit of track.credits) add(creditLabel(credit), credit.name, credit.handle);
	}
	return [...groups].map(([label, names]) => ({ label, names: [...names.values()] }));
}

export interface CreditsTextTrack {
	position: number;
	title: string;
	credits: TrackCredits;
}

/**
 * The credits of a release as a plain-text file (the downloads ZIP carries it): the release, then
 * each track with its artists and credits. Names are written exactly as stored.
 */
export function creditsText(release: {
	title: string;
	artist: { name: string; handle: string };
	releaseDate?: string | null;
	tracks: CreditsTextTrack[];
}): string {
	const lines = [`${release.title}`, `by ${release.artist.name}`];
	if (release.releaseDate) lines.push(`Released ${release.releaseDate}`);
	for (const track of release.tracks) {
		lines.push('', trackCreditsText(release.artist, track));
	}
	return `${lines.join('\n')}\n`;
}

/** One track's block of `creditsText`. */
export function trackCreditsText(account: { name: string; handle: string }, track: CreditsTextTrack): string {
	const lines = [`${track.position}. ${track.title} — ${artistLineText(account, track.credits.artists)}`];
	for (const group of groupCredits(track.credits.credits)) {
		lines.push(`   ${group.label}: ${joinNames(group.names.map((c) => c.name))}`);
	}
	return lines.join('\n');
}
