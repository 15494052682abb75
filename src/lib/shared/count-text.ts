/** "1 track", "12 tracks", "1,204 plays": a count with its noun in the right number. */
export function countText(count: number, one: string, many: string): string {
	return `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;
}
