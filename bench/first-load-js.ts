// npm run bench:first-load [-- --url http://localhost:4440]   (after `npm run build`)
//
// The JavaScript a first visit to the home page downloads before anything plays: its module preloads,
// the bootstrap's entry modules, the layout and page nodes the page hydrates with (node_ids) and,
// transitively, their static imports; other dynamic imports (hls.js, other pages) are not followed. Each file is gzipped
// (zlib level 9, like a static gzip) and summed.
// Without --url it starts the built server itself on a temporary DATA_DIR.
// Last line: home_first_load_js_gzip_kb=<n>
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { startBuiltServer } from './built-server';

/** hls.js's default config has this key; no Shoal code spells it. */
const HLS_MARKER = 'liveSyncDurationCount';

function staticImports(code: string): string[] {
	const found = new Set<string>();
	// `import{a}from"./x.js"`, `import"./x.js"`, `export{b}from"./x.js"`; never `import("./x.js")`.
	const pattern = /\b(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["']([^"']+\.js)["']/g;
	for (const match of code.matchAll(pattern)) found.add(match[1]);
	return [...found];
}

async function measure(origin: string) {
	const response = await fetch(`${origin}/`);
	const html = await response.text();
	const queue: string[] = [];
	// Module preloads arrive as a Link header (adapter-node) or as <link> tags.
	for (const match of (response.headers.get('link') ?? '').matchAll(/<([^>]+\.js)>;\s*rel="modulepreload"/g))
		queue.push(match[1]);
	for (const tag of html.match(/<link[^>]*modulepreload[^>]*>/g) ?? []) {
		const href = /href="([^"]+)"/.exec(tag)?.[1];
		if (href) queue.push(href);
	}
	// The inline bootstrap imports the entry modules (start, app) by URL…
	const entries = [...html.matchAll(/import\(\s*"([^"]+\.js)"\s*\)/g)].map((match) => match[1]);
	queue.push(...entries);
	// …and the app entry then imports the layout and page nodes this route uses (node_ids).
	const nodeIds = (/node_ids:\s*\[([\d,\s]*)\]/.exec(html)?.[1] ?? '').split(',').filter(Boolean).map(Number);
	for (const entry of entries.filter((spec) => /\/entry\/app\./.test(spec))) {
		const entryUrl = new URL(entry, `${origin}/`).href;
		const code = await (await fetch(entryUrl)).text();
		for (const id of nodeIds) {
			const node = new RegExp(`["']([^"']*/nodes/${id}\\.[\\w-]+\\.js)["']`).exec(code)?.[1];
			if (!node) throw new Error(`node ${id} not found in ${entry}`);
			queue.push(new URL(node, entryUrl).href);
		}
	}
	const files = new Map<string, { bytes: number; gzip: number; hls: boolean }>();
	while (queue.length > 0) {
		const url = new URL(queue.shift()!, `${origin}/`).href;
		if (files.has(url)) continue;
		const response = await fetch(url);
		if (!response.ok) throw new Error(`${url}: ${response.status}`);
		const code = await response.text();
		files.set(url, {
			bytes: Buffer.byteLength(code),
			gzip: zlib.gzipSync(code, { level: 9 }).length,
			hls: code.includes(HLS_MARKER)
		});
		for (const spec of staticImports(code)) queue.push(new URL(spec, url).href);
	}
	return files;
}

async function main(): Promise<void> {
	const urlArg = process.argv.indexOf('--url');
	let origin = urlArg >= 0 ? process.argv[urlArg + 1] : null;
	let stop = async () => {};
	let dataDir: string | null = null;
	if (!origin) {
		dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-first-load-'));
		const server = await startBuiltServer(dataDir);
		origin = server.origin;
		stop = server.stop;
	}
	try {
		const files = await measure(origin);
		let total = 0;
		for (const [url, file] of [...files].sort((a, b) => b[1].gzip - a[1].gzip)) {
			total += file.gzip;
			console.log(`${(file.gzip / 1024).toFixed(1).padStart(7)} KB gz ${new URL(url).pathname}`);
		}
		if (files.size === 0) throw new Error('the home page loads no JavaScript: is this a SvelteKit build?');
		console.log(`${files.size} files`);
		console.log(`hls_js_in_first_load=${[...files.values()].some((file) => file.hls)}`);
		console.log(`home_first_load_js_gzip_kb=${(total / 1024).toFixed(1)}`);
	} finally {
		await stop();
		if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
	}
}

await main();
