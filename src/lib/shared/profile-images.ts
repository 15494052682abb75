/**
 * Profile pictures: a listener's or artist's avatar (square) and an artist's banner (3:1). Shared by
 * the web side (upload checks, URLs) and the media worker (sizes it writes).
 */
export const PROFILE_IMAGE_SLOTS = ['avatar', 'banner'] as const;
export type ProfileImageSlot = (typeof PROFILE_IMAGE_SLOTS)[number];
export type ProfileImageOwner = 'user' | 'artist';

export interface ProfileImageSize {
	/** File name without extension; each size is written as .webp and .jpg. */
	name: string;
	width: number;
	height: number;
}

export interface ProfileImageShape {
	/** Width over height of what is published (the picture is centre-cropped to it). */
	aspect: number;
	minWidth: number;
	minHeight: number;
	sizes: readonly ProfileImageSize[];
}

export const PROFILE_IMAGE_SHAPES: Record<ProfileImageSlot, ProfileImageShape> = {
	// The cover file names, so the media route's whitelist of artwork files covers avatars too.
	avatar: {
		aspect: 1,
		minWidth: 200,
		minHeight: 200,
		sizes: [
			{ name: 'cover_600', width: 600, height: 600 },
			{ name: 'cover_300', width: 300, height: 300 }
		]
	},
	banner: {
		aspect: 3,
		minWidth: 1500,
		minHeight: 500,
		sizes: [
			{ name: 'banner_1500', width: 1500, height: 500 },
			{ name: 'banner_750', width: 750, height: 250 }
		]
	}
};

/** The same upload limit as covers (below the 16 MB form body limit). */
export const PROFILE_IMAGE_MAX_BYTES = 15 * 1024 * 1024;

export const PROFILE_IMAGE_HINTS: Record<ProfileImageSlot, string> = {
	avatar: 'A JPEG, PNG or WebP, at least 200 × 200 pixels, up to 15 MB. It is cropped to a square.',
	banner: 'A wide JPEG, PNG or WebP, at least 1500 × 500 pixels, up to 15 MB. It is cropped to 3:1.'
};
