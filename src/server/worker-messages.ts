import { z } from 'zod';

/** The media worker tells its supervisor of each ffmpeg/ffprobe child it starts and ends. */
export const MEDIA_CHILD_MESSAGE = 'media-child';

export const mediaChildMessageSchema = z.object({
	type: z.literal(MEDIA_CHILD_MESSAGE),
	pid: z.number().int().positive(),
	running: z.boolean()
});
