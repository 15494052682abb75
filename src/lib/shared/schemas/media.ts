import { z } from 'zod';

/** Row ids are random URL-safe strings (src/lib/server/ids.ts). */
export const entityIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
