/** The ids a field's hint and error get, and the aria-describedby that points at whichever exist. */
export function fieldDescription(id: string, hint: unknown, error: unknown) {
	const hintId = `${id}-hint`;
	const errorId = `${id}-error`;
	const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
	return { hintId, errorId, describedBy };
}
