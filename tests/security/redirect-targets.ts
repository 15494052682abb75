/**
 * Tricky `next` targets, shared by the unit table and the HTTP table. `safe: true` means the target is a
 * path on this site and is kept (as `expected`, or as given); every other one falls back.
 */
export interface RedirectCase {
	name: string;
	/** The target, exactly as the visitor's query parameter decodes to. */
	next: string;
	/** The path kept, or undefined when the target must fall back. */
	expected?: string;
}

export function redirectCases(origin: string): RedirectCase[] {
	const host = new URL(origin).host;
	return [
		// kept: paths on this site
		{ name: 'plain path', next: '/account', expected: '/account' },
		{ name: 'path with query and fragment', next: '/@maria?x=1#top', expected: '/@maria?x=1#top' },
		{ name: 'encoded slash inside a query', next: '/search?q=a%2Fb', expected: '/search?q=a%2Fb' },
		{ name: 'CJK path (escaped in the answer)', next: '/tags/月光', expected: '/tags/%E6%9C%88%E5%85%89' },
		{ name: 'full URL of this site', next: `${origin}/history`, expected: '/history' },
		// control characters, anywhere
		{ name: 'tab after the slash', next: '/\t/evil.example/' },
		{ name: 'CR', next: '/\r/evil.example' },
		{ name: 'LF', next: '/\n/x' },
		{ name: 'CRLF header injection', next: '/\r\nSet-Cookie: a=b' },
		{ name: 'NUL', next: '/\u0000/evil.example' },
		{ name: 'DEL', next: '/\u007f/evil.example' },
		{ name: 'C1 control (NEL)', next: '/\u0085/evil.example' },
		// scheme-relative and backslash forms
		{ name: 'scheme-relative //', next: '//evil.example' },
		{ name: '/\\ (browsers read as //)', next: '/\\evil.example' },
		{ name: '\\\\', next: '\\\\evil.example' },
		{ name: 'triple slash', next: '///evil.example' },
		{ name: 'leading space then //', next: ' //evil.example' },
		{ name: 'percent-encoded //', next: '%2F%2Fevil.example' },
		{ name: 'slash then percent-encoded /', next: '/%2Fevil.example' },
		{ name: 'percent-encoded backslash', next: '/%5Cevil.example' },
		{ name: 'percent-encoded tab', next: '/%09/evil.example' },
		{ name: 'double-encoded //', next: '/%252F%252Fevil.example' },
		{ name: 'double-encoded backslash', next: '/%255Cevil.example' },
		{ name: 'double-encoded newline', next: '/%250A/x' },
		{ name: 'triple-encoded //', next: '/%25252F%25252Fevil.example' },
		{ name: 'a stray % that is no escape', next: '/%zz' },
		// other origins and schemes
		{ name: 'https URL elsewhere', next: 'https://evil.example/' },
		{ name: 'http URL elsewhere', next: 'http://evil.example' },
		{ name: 'this host with userinfo to another', next: `http://${host}@evil.example/` },
		{ name: 'this host on another port', next: `http://${new URL(origin).hostname}:1/` },
		{ name: 'other scheme without slashes', next: 'https:evil.example' },
		{ name: 'javascript:', next: 'javascript:alert(1)' },
		{ name: 'data:', next: 'data:text/html,<script>alert(1)</script>' },
		{ name: 'relative without a slash', next: 'evil.example' },
		// Unicode look-alikes and invisible characters
		{ name: 'fullwidth solidus ／／', next: '／／evil.example' },
		{ name: 'slash + fullwidth solidus', next: '/／evil.example' },
		{ name: 'division slash ∕∕', next: '/∕evil.example' },
		{ name: 'fraction slash', next: '/⁄evil.example' },
		{ name: 'fullwidth reverse solidus', next: '/＼evil.example' },
		{ name: 'small reverse solidus', next: '/﹨evil.example' },
		{ name: 'ideographic full stop in a host', next: '/\u3002/evil\u3002example' },
		{ name: 'percent-encoded fullwidth solidus', next: '/%EF%BC%8Fevil.example' },
		{ name: 'right-to-left override', next: '/\u202e/elpmaxe.live' },
		{ name: 'zero-width space', next: '/\u200b/evil.example' },
		{ name: 'line separator', next: '/\u2028/evil.example' },
		{ name: 'empty', next: '' },
		{ name: 'very long', next: `/${'a'.repeat(5000)}` }
	];
}
