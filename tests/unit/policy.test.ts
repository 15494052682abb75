import { describe, expect, it } from 'vitest';
import {
	ACTIONS,
	can,
	isOwner,
	isReleasePublicAt,
	isTrackPlayableByAnyoneAt,
	mediaNeedsSignature,
	type Publication,
	type Resource,
	type TrackState,
	type Viewer
} from '../../src/lib/server/auth/policy';

/**
 * The policy as a table: every role × every state × every action, with the expected answer written
 * out by hand (not computed by the rule under test).
 */

const NOW = 1_800_000_000_000;
const OWNER = 'user-owner';

const ROLES = ['anonymous', 'listener', 'other artist', 'owner', 'admin'] as const;
type Role = (typeof ROLES)[number];
const VIEWERS: Record<Role, Viewer> = {
	anonymous: null,
	listener: { userId: 'user-listener', isAdmin: false },
	// The policy needs no artist profile to tell another artist from a listener: neither owns this.
	'other artist': { userId: 'user-other-artist', isAdmin: false },
	owner: { userId: OWNER, isAdmin: false },
	admin: { userId: 'user-admin', isAdmin: true }
};

const RELEASE_STATES: Record<string, Publication> = {
	draft: { status: 'draft', publishAt: null },
	'scheduled, not yet due': { status: 'scheduled', publishAt: NOW + 1 },
	'scheduled, due': { status: 'scheduled', publishAt: NOW },
	published: { status: 'published', publishAt: NOW - 86_400_000 }
};
type ReleaseState = keyof typeof RELEASE_STATES;

const TRACK_STATES: Record<string, TrackState> = {
	processing: { status: 'processing', mediaKey: null },
	ready: { status: 'ready', mediaKey: 'tracks/t1/v1-1' },
	failed: { status: 'failed', mediaKey: null }
};

/** Which roles are allowed, in ROLES order: Y allowed, - refused. */
type Answer = string;
const EVERYONE: Answer = 'YYYYY';
const MANAGERS: Answer = '---YY';
const NOBODY: Answer = '-----';

const releaseView: Record<ReleaseState, Answer> = {
	draft: MANAGERS,
	'scheduled, not yet due': MANAGERS,
	'scheduled, due': EVERYONE,
	published: EVERYONE
};

/** Track `view` (page, player, media files), by release state and track state. */
const trackView: Record<string, Answer> = {
	'draft / processing': NOBODY,
	'draft / ready': MANAGERS,
	'draft / failed': NOBODY,
	'scheduled, not yet due / processing': NOBODY,
	'scheduled, not yet due / ready': MANAGERS,
	'scheduled, not yet due / failed': NOBODY,
	'scheduled, due / processing': NOBODY,
	'scheduled, due / ready': EVERYONE,
	'scheduled, due / failed': NOBODY,
	'published / processing': NOBODY,
	'published / ready': EVERYONE,
	'published / failed': NOBODY
};

interface Case {
	resource: Resource;
	state: string;
	action: string;
	expected: Answer;
}

const cases: Case[] = [];
for (const action of ACTIONS.artist) {
	cases.push({
		resource: { kind: 'artist', ownerUserId: OWNER },
		state: '-',
		action,
		expected: action === 'view' ? EVERYONE : MANAGERS
	});
}
for (const [state, release] of Object.entries(RELEASE_STATES)) {
	for (const action of ACTIONS.release) {
		cases.push({
			resource: { kind: 'release', ownerUserId: OWNER, release },
			state,
			action,
			expected: action === 'view' ? releaseView[state] : MANAGERS
		});
	}
	for (const action of ACTIONS.artwork) {
		cases.push({
			resource: { kind: 'artwork', ownerUserId: OWNER, release },
			state,
			action,
			expected: releaseView[state]
		});
	}
	for (const [trackState, track] of Object.entries(TRACK_STATES)) {
		const key = `${state} / ${trackState}`;
		for (const action of ACTIONS.track) {
			cases.push({
				resource: { kind: 'track', ownerUserId: OWNER, release, track },
				state: key,
				action,
				expected: action === 'view' ? trackView[key] : MANAGERS
			});
		}
	}
}

const rows = cases.flatMap(({ resource, state, action, expected }) =>
	ROLES.map((role, i) => ({
		name: `${role} · ${action} · ${resource.kind} (${state}) → ${expected[i] === 'Y' ? 'allowed' : 'refused'}`,
		role,
		resource,
		action,
		allowed: expected[i] === 'Y'
	}))
);

describe('the policy table: role × state × action', () => {
	it('covers every combination', () => {
		const releaseStates = Object.keys(RELEASE_STATES).length;
		const trackStates = Object.keys(TRACK_STATES).length;
		const combinations =
			ACTIONS.artist.length +
			releaseStates * (ACTIONS.release.length + ACTIONS.artwork.length) +
			releaseStates * trackStates * ACTIONS.track.length;
		expect(rows).toHaveLength(combinations * ROLES.length);
		for (const answer of [...Object.values(releaseView), ...Object.values(trackView)]) {
			expect(answer).toMatch(/^[Y-]{5}$/);
		}
		expect(Object.keys(trackView)).toHaveLength(releaseStates * trackStates);
	});

	it.each(rows)('$name', ({ role, resource, action, allowed }) => {
		expect(can(VIEWERS[role], action as never, resource, NOW)).toBe(allowed);
	});
});

describe('the pure visibility rules', () => {
	it('a scheduled release is public from its moment on, not a millisecond before', () => {
		const scheduled: Publication = { status: 'scheduled', publishAt: NOW };
		expect(isReleasePublicAt(scheduled, NOW - 1)).toBe(false);
		expect(isReleasePublicAt(scheduled, NOW)).toBe(true);
		// A scheduled row without a moment (never written by the service) is not public.
		expect(isReleasePublicAt({ status: 'scheduled', publishAt: null }, NOW)).toBe(false);
		// A published release is public whatever its publishAt says.
		expect(isReleasePublicAt({ status: 'published', publishAt: NOW + 1 }, NOW)).toBe(true);
		expect(isReleasePublicAt({ status: 'draft', publishAt: NOW - 1 }, NOW)).toBe(false);
	});

	it('anyone may hear only a ready track with its media on a public release; others need a signature', () => {
		const published: Publication = { status: 'published', publishAt: NOW };
		const readyWithoutMedia: TrackState = { status: 'ready', mediaKey: null };
		expect(isTrackPlayableByAnyoneAt(TRACK_STATES.ready, published, NOW)).toBe(true);
		expect(isTrackPlayableByAnyoneAt(readyWithoutMedia, published, NOW)).toBe(false);
		expect(mediaNeedsSignature(TRACK_STATES.ready, published, NOW)).toBe(false);
		expect(mediaNeedsSignature(TRACK_STATES.ready, RELEASE_STATES.draft, NOW)).toBe(true);
		expect(mediaNeedsSignature(TRACK_STATES.ready, RELEASE_STATES['scheduled, not yet due'], NOW)).toBe(true);
		// Nobody, not even the owner, can view a ready track whose media is missing.
		const resource: Resource = {
			kind: 'track',
			ownerUserId: OWNER,
			release: published,
			track: readyWithoutMedia
		};
		expect(can(VIEWERS.owner, 'view', resource, NOW)).toBe(false);
	});

	it('ownership is the owner alone: an admin manages, but does not own', () => {
		expect(isOwner(VIEWERS.owner, OWNER)).toBe(true);
		expect(isOwner(VIEWERS.admin, OWNER)).toBe(false);
		expect(isOwner(null, OWNER)).toBe(false);
	});
});
