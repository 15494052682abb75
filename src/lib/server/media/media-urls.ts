import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock';

/** Every media URL starts here; the media route (src/server/media-http.ts) serves this prefix. */
export const MEDIA_PREFIX = '/media/';

/** Signed playlist URLs live this long: enough to start and finish a long track, short enough to not be a link. */
export const SIGNED_URL_TTL_MS = 60 * 60 * 1000;

export type SignatureCheck = 'ok' | 'expired' | 'invalid';

/**
 * Media URLs and their signatures. A public track's files have plain, cacheable URLs. A track that is
 * not public (draft, scheduled, an artist previewing their own work) is reachable only through a
 * short-lived HMAC signature bound to the track and to the signed-in user who asked for it, so a
 * copied link stops working when it expires and never works for someone else.
 */
export function createMediaUrls(signingKeyHex: string, clock: Clock) {
	const key = Buffer.from(signingKeyHex, 'hex');

	function mac(trackId: string, userId: string | null, expiresAt: number): Buffer {
		return createHmac('sha256', key)
			.update(`media\n${trackId}\n${userId ?? ''}\n${expiresAt}`)
			.digest();
	}

	return {
		/** A file of a published directory, e.g. `fileUrl('tracks/x/v1-abc', 'master.m3u8')`. */
		fileUrl(mediaKey: string, file: string): string {
			return `${MEDIA_PREFIX}${mediaKey}/${file}`;
		},

		/** The URL of an artwork directory (cover_<size>.<webp|jpg> inside), or null without artwork. */
		artworkBase(artworkKey: string | null): string | null {
			return artworkKey ? `${MEDIA_PREFIX}${artworkKey}` : null;
		},

		/** Query parameters that let `userId` fetch the files of a non-public track until `expiresAt`. */
		sign(trackId: string, userId: string | null, ttlMs = SIGNED_URL_TTL_MS) {
			const expiresAt = clock.now() + ttlMs;
			const sig = mac(trackId, userId, expiresAt).toString('base64url');
			return { expiresAt, query: `exp=${expiresAt}&sig=${sig}` };
		},

		verify(trackId: string, userId: string | null, exp: string | null, sig: string | null): SignatureCheck {
			if (!exp || !sig || !/^\d{1,16}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return 'invalid';
			const expected = mac(trackId, userId, Number(exp));
			const given = Buffer.from(sig, 'base64url');
			if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
			return Number(exp) < clock.now() ? 'expired' : 'ok';
		}
	};
}

export type MediaUrls = ReturnType<typeof createMediaUrls>;
