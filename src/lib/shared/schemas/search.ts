import { z } from 'zod';
import { SEARCH_QUERY_MAX } from '../search';

/** `GET /api/search/suggest?q=`: the text typed so far (the header box allows 100 characters). */
export const suggestQuerySchema = z.object({
	q: z.string().max(SEARCH_QUERY_MAX, `Search for at most ${SEARCH_QUERY_MAX} characters.`).default('')
});
