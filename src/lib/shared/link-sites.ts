/** The sites artists link to most, recognised by host name so the page can show each one's icon. */
export const LINK_SITES = [
	'bandcamp',
	'soundcloud',
	'youtube',
	'instagram',
	'mastodon',
	'spotify',
	'apple-music',
	'tiktok',
	'x',
	'facebook',
	'patreon',
	'website'
] as const;
export type LinkSite = (typeof LINK_SITES)[number];

export const LINK_SITE_NAMES: Record<LinkSite, string> = {
	bandcamp: 'Bandcamp',
	soundcloud: 'SoundCloud',
	youtube: 'YouTube',
	instagram: 'Instagram',
	mastodon: 'Mastodon',
	spotify: 'Spotify',
	'apple-music': 'Apple Music',
	tiktok: 'TikTok',
	x: 'X (Twitter)',
	facebook: 'Facebook',
	patreon: 'Patreon',
	website: 'Website'
};

/** Host names (and their subdomains) per site. */
const HOSTS: [LinkSite, string[]][] = [
	['bandcamp', ['bandcamp.com']],
	['soundcloud', ['soundcloud.com', 'on.soundcloud.com']],
	['youtube', ['youtube.com', 'youtu.be', 'music.youtube.com']],
	['instagram', ['instagram.com']],
	['spotify', ['spotify.com']],
	['apple-music', ['music.apple.com']],
	['tiktok', ['tiktok.com']],
	['x', ['x.com', 'twitter.com']],
	['facebook', ['facebook.com', 'fb.com']],
	['patreon', ['patreon.com']],
	[
		'mastodon',
		['mastodon.social', 'mastodon.online', 'mas.to', 'mstdn.social', 'fosstodon.org', 'hachyderm.io']
	]
];

function matches(hostname: string, domain: string): boolean {
	return hostname === domain || hostname.endsWith(`.${domain}`);
}

/**
 * Which site a link points to, and the words to show for it: the site's name, or the host name for an
 * ordinary website. Mastodon has thousands of servers, so besides the big ones a "mastodon"/"mstdn"
 * host or a `/@name` profile path on an unknown host counts as Mastodon.
 */
export function linkSite(url: string): { site: LinkSite; label: string } {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return { site: 'website', label: url };
	}
	const hostname = parsed.hostname.toLowerCase().replace(/^www\./, '');
	for (const [site, domains] of HOSTS) {
		if (domains.some((domain) => matches(hostname, domain))) return { site, label: LINK_SITE_NAMES[site] };
	}
	if (/(^|\.)(mastodon|mstdn)\./.test(hostname) || /^\/@[\w.]+\/?$/.test(parsed.pathname)) {
		return { site: 'mastodon', label: LINK_SITE_NAMES.mastodon };
	}
	return { site: 'website', label: hostname };
}
