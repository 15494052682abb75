import { LICENCE_LABELS, type Licence } from '../../shared/catalog';
import { artistsText, releaseUrl, type DownloadSnapshot } from './download-snapshot';

/** What credits.txt is written from; the credits work (per-track roles) can extend it. */
export interface CreditsRelease {
	title: string;
	artistName: string;
	releaseDate: string | null;
	licence: string;
	url: string;
	tracks: Array<{
		title: string;
		artists: { main: string[]; featured: string[] };
		durationSeconds: number | null;
	}>;
	/** Credits by role, e.g. { role: 'Mastering', names: ['…'] }; empty until credits exist. */
	credits: Array<{ role: string; names: string[] }>;
}

export function creditsReleaseOf(snapshot: DownloadSnapshot, origin: string): CreditsRelease {
	const { release } = snapshot;
	return {
		title: release.title,
		artistName: release.artistName,
		releaseDate: release.releaseDate,
		licence: release.licence,
		url: releaseUrl(origin, release.id),
		tracks: snapshot.tracks.map((track) => ({
			title: track.title,
			artists: track.artists,
			durationSeconds: track.durationSeconds
		})),
		credits: []
	};
}

function duration(seconds: number | null): string {
	if (seconds === null) return '';
	const whole = Math.round(seconds);
	return ` (${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')})`;
}

/**
 * The credits.txt of a ZIP: plain UTF-8 text a person reads. One function, so it can later be pointed
 * at the shared credits formatter.
 */
export function releaseCreditsText(release: CreditsRelease): string {
	const lines = [release.title, `by ${release.artistName}`];
	if (release.releaseDate) lines.push(`Released ${release.releaseDate}`);
	lines.push('', 'Tracks');
	release.tracks.forEach((track, index) => {
		lines.push(
			`${index + 1}. ${track.title} — ${artistsText(track.artists)}${duration(track.durationSeconds)}`
		);
	});
	lines.push('', 'Credits');
	if (release.credits.length === 0) lines.push(`Music: ${release.artistName}`);
	for (const credit of release.credits) lines.push(`${credit.role}: ${credit.names.join(', ')}`);
	const licence = LICENCE_LABELS[release.licence as Licence] ?? release.licence;
	lines.push('', `Licence: ${licence}`, release.url, '');
	return lines.join('\n');
}
