/**
 * The credits form's rows, read from a form post: parallel lists of fields in document order (so it
 * works without JavaScript). A "remove" button (JavaScript off) names the row to leave out, e.g.
 * "artist:2"; the rest is saved.
 */
export interface ArtistRowValues {
	role: string;
	name: string;
	handle: string;
}
export interface CreditRowValues {
	role: string;
	name: string;
	detail: string;
}
export interface CreditRows {
	artists: ArtistRowValues[];
	credits: CreditRowValues[];
}

/** Rows beyond this are not read at all (the schema's own limits are lower). */
const MAX_ROWS = 100;

function strings(data: FormData, key: string): string[] {
	return data
		.getAll(key)
		.slice(0, MAX_ROWS)
		.map((value) => (typeof value === 'string' ? value : ''));
}

export function creditRowsFromForm(data: FormData): CreditRows {
	const remove = data.get('remove');
	const [kind, at] = typeof remove === 'string' ? remove.split(':') : [];
	const skip = (which: string) => (_: unknown, i: number) => !(kind === which && Number(at) === i);
	const artistNames = strings(data, 'artistName');
	const artistRoles = strings(data, 'artistRole');
	const artistHandles = strings(data, 'artistHandle');
	const creditNames = strings(data, 'creditName');
	const creditRoles = strings(data, 'creditRole');
	const creditDetails = strings(data, 'creditDetail');
	return {
		artists: artistNames
			.map((name, i) => ({ name, role: artistRoles[i] ?? '', handle: artistHandles[i] ?? '' }))
			.filter(skip('artist')),
		credits: creditNames
			.map((name, i) => ({ name, role: creditRoles[i] ?? '', detail: creditDetails[i] ?? '' }))
			.filter(skip('credit'))
	};
}
