/** The bytes of an uploaded file field of a form (already in memory, capped by the body limit); empty without one. */
export async function fileBytes(data: FormData, key: string): Promise<Uint8Array> {
	const file = data.get(key);
	return file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array(0);
}
