import { describe, expect, it } from 'vitest';
import { linkSite } from '../../src/lib/shared/link-sites';

describe('linkSite', () => {
	it.each([
		['https://tidepool.bandcamp.com/album/low-water', 'bandcamp', 'Bandcamp'],
		['https://soundcloud.com/tidepool', 'soundcloud', 'SoundCloud'],
		['https://www.youtube.com/@tidepool', 'youtube', 'YouTube'],
		['https://youtu.be/abc', 'youtube', 'YouTube'],
		['https://instagram.com/tidepool', 'instagram', 'Instagram'],
		['https://mastodon.social/@tidepool', 'mastodon', 'Mastodon'],
		['https://toot.example/@tidepool', 'mastodon', 'Mastodon'],
		['https://open.spotify.com/artist/1', 'spotify', 'Spotify'],
		['https://music.apple.com/artist/1', 'apple-music', 'Apple Music'],
		['https://twitter.com/tidepool', 'x', 'X (Twitter)'],
		['https://tides.example.org', 'website', 'tides.example.org'],
		['https://www.tides.example.org/about', 'website', 'tides.example.org']
	])('%s is %s', (url, site, label) => {
		expect(linkSite(url)).toEqual({ site, label });
	});

	it('is not fooled by look-alike hosts', () => {
		expect(linkSite('https://bandcamp.com.evil.example/').site).toBe('website');
		expect(linkSite('https://notbandcamp.com/').site).toBe('website');
		expect(linkSite('https://evil.example/?u=soundcloud.com').site).toBe('website');
	});
});
