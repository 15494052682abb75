import fs from 'node:fs';
import path from 'node:path';

/** One message from Shoal's outbox (DATA_DIR/outbox/*.eml), decoded enough to read it as a person would. */
export interface OutboxMessage {
	file: string;
	to: string;
	subject: string;
	text: string;
	/** Every http(s) link in the text, in order. */
	links: string[];
}

function decodeQuotedPrintable(body: string): string {
	const bytes = Buffer.from(
		body
			.replace(/=\r?\n/g, '')
			.replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
		'latin1'
	);
	return bytes.toString('utf8');
}

function header(headers: string, name: string): string {
	const match = new RegExp(`^${name}: (.*(?:\\n[ \\t].*)*)`, 'mi').exec(headers);
	return match ? match[1].replace(/\n[ \t]+/g, ' ').trim() : '';
}

export function parseEml(file: string, raw: string): OutboxMessage {
	const normalised = raw.replace(/\r\n/g, '\n');
	const split = normalised.indexOf('\n\n');
	const headers = normalised.slice(0, split);
	let text = normalised.slice(split + 2);
	const encoding = header(headers, 'Content-Transfer-Encoding').toLowerCase();
	if (encoding === 'quoted-printable') text = decodeQuotedPrintable(text);
	else if (encoding === 'base64') text = Buffer.from(text, 'base64').toString('utf8');
	return {
		file,
		to: header(headers, 'To'),
		subject: header(headers, 'Subject'),
		text,
		links: [...text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => m[0])
	};
}

/** All messages in the outbox, oldest first (file names start with the time they were written). */
export function readOutbox(dataDir: string): OutboxMessage[] {
	const dir = path.join(dataDir, 'outbox');
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((name) => name.endsWith('.eml'))
		.sort()
		.map((name) => parseEml(path.join(dir, name), fs.readFileSync(path.join(dir, name), 'utf8')));
}

/** Messages sent to exactly this address (compared case-insensitively). */
export function mailTo(dataDir: string, address: string): OutboxMessage[] {
	const wanted = address.toLowerCase();
	return readOutbox(dataDir).filter((m) => {
		const bare = /<([^>]+)>/.exec(m.to)?.[1] ?? m.to;
		return bare.trim().toLowerCase() === wanted;
	});
}
