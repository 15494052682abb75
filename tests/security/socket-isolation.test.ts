import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRealtimeServer, type RealtimeServer } from '../../src/lib/server/realtime/realtime-server';
import { startTrackRelay } from '../../src/lib/server/realtime/track-relay';
import type { TrackUpdate } from '../../src/lib/shared/catalog';
import { SESSION_COOKIE, type RealtimeIdentity } from '../../src/lib/shared/realtime-events';
import { createTestApp, newPerson, tempDir, type TestApp } from '../helpers/app-context';
import { makeWav } from '../integration/uploads/harness';

/**
 * A track's live progress goes to its artist's sockets only: two artists, a listener, an admin and an
 * anonymous visitor are connected with real socket.io-client sockets while the real relay sends real
 * track changes (an upload registered, the worker's progress writes).
 */

const ORIGIN = 'http://localhost:3999';
let app: TestApp;
let io: RealtimeServer;
let server: http.Server;
let relay: { stop(): void };
let url: string;
let audioDir: string;
const sockets: Socket[] = [];

beforeEach(async () => {
	app = createTestApp({ ORIGIN });
	audioDir = tempDir('shoal-socket-audio-');
	server = http.createServer();
	io = createRealtimeServer(server, {
		origin: ORIGIN,
		sessions: () => app.context.sessions,
		logger: app.context.logger,
		artistIdOf: (userId) => app.context.artists.ofUser(userId)?.id ?? null
	});
	app.context.realtime.io = io;
	relay = startTrackRelay({
		io,
		catalog: () => app.context.catalog,
		logger: app.context.logger,
		now: () => app.clock.now()
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
	for (const socket of sockets.splice(0)) socket.disconnect();
	relay.stop();
	await new Promise<void>((resolve) => io.close(() => resolve()));
	app.cleanup();
	fs.rmSync(audioDir, { recursive: true, force: true });
});

interface Listener {
	socket: Socket;
	identity: RealtimeIdentity;
	updates: TrackUpdate[];
}

async function listen(token: string | null): Promise<Listener> {
	const socket = connect(url, {
		transports: ['websocket'],
		extraHeaders: { origin: ORIGIN, ...(token ? { cookie: `${SESSION_COOKIE}=${token}` } : {}) },
		reconnection: false,
		forceNew: true
	});
	sockets.push(socket);
	const updates: TrackUpdate[] = [];
	socket.on('track:update', (update) => updates.push(update));
	const identity = await new Promise<RealtimeIdentity>((resolve, reject) => {
		socket.once('session:identity', resolve);
		socket.once('connect_error', reject);
	});
	return { socket, identity, updates };
}

async function artist(name: string) {
	const { user, token } = await app.context.accounts.signUp(newPerson({ displayName: name }));
	const actor = { userId: user.id, isAdmin: false };
	app.context.artists.createProfile(actor, { handle: name.toLowerCase(), name, bio: '', links: [] });
	const release = app.context.catalog.createRelease(actor, {
		title: `${name}’s single`,
		type: 'single',
		releaseDate: '',
		licence: 'cc-by'
	});
	return { actor, token, release };
}

/** Resolves once `socket` has seen an update matching `match`. */
function received(listener: Listener, match: (update: TrackUpdate) => boolean): Promise<void> {
	if (listener.updates.some(match)) return Promise.resolve();
	return new Promise((resolve) => {
		const check = (update: TrackUpdate) => {
			if (!match(update)) return;
			listener.socket.off('track:update', check);
			resolve();
		};
		listener.socket.on('track:update', check);
	});
}

/**
 * Everything the server sent this socket before now has arrived: a marker sent after it comes back
 * (one server, one connection: delivery is in order). No waiting for a time in which nothing happens.
 */
async function drained(listener: Listener): Promise<void> {
	const marker = `drained-${Math.random()}`;
	const back = new Promise<void>((resolve) => {
		const check = (identity: RealtimeIdentity) => {
			if (identity.displayName !== marker) return;
			listener.socket.off('session:identity', check);
			resolve();
		};
		listener.socket.on('session:identity', check);
	});
	io.to(listener.socket.id!).emit('session:identity', { ...listener.identity, displayName: marker });
	await back;
}

async function registerTrack(owner: Awaited<ReturnType<typeof artist>>, name: string) {
	makeWav(audioDir, 1, name);
	fs.mkdirSync(app.context.config.uploadsDir, { recursive: true });
	const staged = path.join(app.context.config.uploadsDir, `${name}-${Math.random()}`);
	fs.copyFileSync(path.join(audioDir, name), staged);
	return app.context.catalog.registerUpload(owner.actor, {
		releaseId: owner.release.id,
		filePath: staged,
		originalName: name
	});
}

describe('track:update reaches its artist only', () => {
	it('neither another artist, a listener, an admin nor an anonymous visitor hears of it', async () => {
		const a = await artist('Estuary');
		const b = await artist('Shingle');
		const listener = await app.context.accounts.signUp(newPerson());
		const admin = newPerson();
		const adminSession = await app.context.accounts.signUp(admin);
		app.context.repositories.users.setAdmin(admin.email, true);

		const aTabs = [await listen(a.token), await listen(a.token)];
		const bTab = await listen(b.token);
		const bystanders = [
			bTab,
			await listen(listener.token),
			await listen(adminSession.token),
			await listen(null)
		];
		expect(aTabs[0].identity.artistId).not.toBeNull();
		expect(bTab.identity.artistId).not.toBe(aTabs[0].identity.artistId);

		// A real upload registered for A, then the worker's progress write, as the relay reads them.
		app.clock.advance(1);
		const track = await registerTrack(a, 'estuary.wav');
		app.clock.advance(1);
		app.context.repositories.tracks.setProgress(track.id, 'encoding', 0.5, app.clock.now());
		await Promise.all(
			aTabs.map((tab) =>
				received(tab, (u) => u.id === track.id && u.stage === 'encoding' && u.progress === 0.5)
			)
		);
		for (const tab of aTabs) expect(tab.updates.map((u) => u.artistId)).toContain(a.release.artistId);

		await Promise.all(bystanders.map(drained));
		for (const bystander of bystanders) expect(bystander.updates).toEqual([]);

		// And the other way round: B's track reaches B, and A's sockets hear nothing of it.
		app.clock.advance(1);
		const theirs = await registerTrack(b, 'shingle.wav');
		await received(bTab, (u) => u.id === theirs.id);
		await Promise.all(aTabs.map(drained));
		for (const tab of aTabs) expect(tab.updates.every((u) => u.artistId === a.release.artistId)).toBe(true);
		expect(bTab.updates.map((u) => u.id)).toEqual([theirs.id]);
	});
});
