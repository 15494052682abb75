/**
 * What an uploaded picture must be, one rule for covers and (later) avatars, banners and posters:
 * a minimum size (refused below), a recommended size (accepted below it, with a warning) and how far
 * from the wanted shape it may be. Sizes are in pixels; the words are for the person uploading.
 */
export interface ImageRule {
	/** What the picture is, for messages: "cover", "avatar", "banner". */
	what: string;
	/** The smallest acceptable width and height. */
	minWidth: number;
	minHeight: number;
	/** Below this (but at least the minimum) the picture is accepted with a warning. */
	recommendedWidth: number;
	recommendedHeight: number;
	/** The wanted shape, width ÷ height (1 for square, 3 for a 3:1 banner). */
	aspect: number;
	/** How far the shape may be off, as a ratio: 1.1 lets a square be up to 10% wider than tall (or taller). */
	aspectTolerance: number;
}

/**
 * Covers: refused below 640 × 640, warned below 1400 × 1400, and square within 1 : 1.1 (a 1400 × 1540
 * scan is fine; a 16:9 photo is not: it would be cropped badly everywhere covers show).
 */
export const COVER_RULE: ImageRule = {
	what: 'cover',
	minWidth: 640,
	minHeight: 640,
	recommendedWidth: 1400,
	recommendedHeight: 1400,
	aspect: 1,
	aspectTolerance: 1.1
};

export type ImageCheck = { ok: true; warning: string | null } | { ok: false; message: string };

const px = (width: number, height: number) => `${width} × ${height} pixels`;

/** Checks a picture's size and shape against a rule; every answer says what to do. */
export function checkImage(size: { width: number; height: number }, rule: ImageRule): ImageCheck {
	const { width, height } = size;
	const the = `This ${rule.what}`;
	const shape = width / height / rule.aspect;
	if (!(width > 0 && height > 0))
		return { ok: false, message: `${the} has no size we can read. Try another file.` };
	if (shape > rule.aspectTolerance || shape < 1 / rule.aspectTolerance) {
		const wanted = rule.aspect === 1 ? 'square' : `${rule.aspect} times as wide as it is tall`;
		return {
			ok: false,
			message: `${the} is ${px(width, height)}: it should be ${wanted}. Crop it and upload it again.`
		};
	}
	if (width < rule.minWidth || height < rule.minHeight) {
		return {
			ok: false,
			message: `${the} is ${px(width, height)}, too small: it needs at least ${px(rule.minWidth, rule.minHeight)} (${rule.recommendedWidth} × ${rule.recommendedHeight} or more looks sharp everywhere).`
		};
	}
	if (width < rule.recommendedWidth || height < rule.recommendedHeight) {
		return {
			ok: true,
			warning: `${the} is ${px(width, height)}. It is used, but may look soft on large screens: ${px(rule.recommendedWidth, rule.recommendedHeight)} or more is best.`
		};
	}
	return { ok: true, warning: null };
}

/** The hint beside an upload field, from the same numbers. */
export function imageHint(rule: ImageRule): string {
	const shape = rule.aspect === 1 ? 'square ' : '';
	return `A ${shape}JPEG, PNG or WebP, ideally ${rule.recommendedWidth} × ${rule.recommendedHeight} pixels or more (at least ${rule.minWidth} × ${rule.minHeight}).`;
}
