/**
 * Generated artwork for the demo catalogue: abstract, designed-looking covers and avatars as SVG
 * (no text, so no fonts are needed), drawn from a palette and a motif per artist and varied by a
 * seed per release. ffmpeg's librsvg decoder turns them into the JPEG files that then take the same
 * path as an artist's upload. Pure: the same input gives the same SVG.
 */
export type Motif = 'rings' | 'waves' | 'grid' | 'sun' | 'stripes' | 'blobs' | 'peaks' | 'dots';

export interface Palette {
	background: [string, string];
	ink: string[];
}

function rng(seed: number) {
	let state = seed >>> 0 || 1;
	return () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

const fixed = (n: number) => n.toFixed(1);

function shapes(motif: Motif, size: number, palette: Palette, random: () => number): string {
	const ink = (i: number) => palette.ink[i % palette.ink.length];
	const out: string[] = [];
	const c = size / 2;
	switch (motif) {
		case 'rings':
			for (let i = 9; i > 0; i--)
				out.push(
					`<circle cx="${fixed(c + (random() - 0.5) * size * 0.1)}" cy="${fixed(c + (random() - 0.5) * size * 0.1)}" r="${fixed((i / 9) * size * 0.42)}" fill="none" stroke="${ink(i)}" stroke-width="${fixed(size * (0.01 + random() * 0.03))}" opacity="0.85"/>`
				);
			break;
		case 'waves':
			for (let i = 0; i < 12; i++) {
				const y = (size * (i + 1)) / 13;
				const amp = size * (0.02 + random() * 0.05);
				const len = size / (1.5 + random() * 2);
				let d = `M0 ${fixed(y)}`;
				for (let x = 0, k = 0; x <= size; x += len / 2, k++)
					d += ` Q${fixed(x + len / 4)} ${fixed(k % 2 ? y + amp : y - amp)} ${fixed(x + len / 2)} ${fixed(y)}`;
				out.push(
					`<path d="${d}" fill="none" stroke="${ink(i)}" stroke-width="${fixed(size * 0.012)}" stroke-linecap="round"/>`
				);
			}
			break;
		case 'grid': {
			const n = 6;
			const cell = size / n;
			for (let x = 0; x < n; x++)
				for (let y = 0; y < n; y++) {
					const r = random();
					if (r < 0.35)
						out.push(
							`<rect x="${fixed(x * cell + cell * 0.1)}" y="${fixed(y * cell + cell * 0.1)}" width="${fixed(cell * 0.8)}" height="${fixed(cell * 0.8)}" rx="${fixed(cell * 0.1)}" fill="${ink(x + y)}"/>`
						);
					else if (r < 0.6)
						out.push(
							`<circle cx="${fixed(x * cell + cell / 2)}" cy="${fixed(y * cell + cell / 2)}" r="${fixed(cell * 0.38)}" fill="${ink(x * y + 1)}"/>`
						);
				}
			break;
		}
		case 'sun':
			out.push(
				`<circle cx="${fixed(c)}" cy="${fixed(size * 0.46)}" r="${fixed(size * 0.26)}" fill="${ink(0)}"/>`
			);
			for (let i = 0; i < 7; i++) {
				const y = size * 0.5 + i * size * 0.055;
				out.push(
					`<rect x="0" y="${fixed(y)}" width="${size}" height="${fixed(size * 0.018 + i * size * 0.004)}" fill="${palette.background[1]}"/>`
				);
			}
			out.push(
				`<rect x="0" y="${fixed(size * 0.72)}" width="${size}" height="${fixed(size * 0.28)}" fill="${ink(1)}" opacity="0.9"/>`
			);
			break;
		case 'stripes':
			for (let i = 0; i < 14; i++) {
				const x = (i / 14) * size * 1.6 - size * 0.3;
				out.push(
					`<rect x="${fixed(x)}" y="${fixed(-size * 0.2)}" width="${fixed(size * (0.02 + random() * 0.06))}" height="${fixed(size * 1.4)}" fill="${ink(i)}" transform="rotate(${fixed(20 + random() * 5)} ${fixed(c)} ${fixed(c)})"/>`
				);
			}
			break;
		case 'blobs':
			for (let i = 0; i < 6; i++)
				out.push(
					`<ellipse cx="${fixed(random() * size)}" cy="${fixed(random() * size)}" rx="${fixed(size * (0.15 + random() * 0.25))}" ry="${fixed(size * (0.1 + random() * 0.2))}" fill="${ink(i)}" opacity="0.75" transform="rotate(${fixed(random() * 180)} ${fixed(c)} ${fixed(c)})"/>`
				);
			break;
		case 'peaks':
			for (let layer = 0; layer < 4; layer++) {
				let d = `M0 ${size}`;
				const base = size * (0.45 + layer * 0.13);
				for (let x = 0; x <= size; x += size / 8)
					d += ` L${fixed(x)} ${fixed(base - random() * size * 0.22)}`;
				out.push(
					`<path d="${d} L${size} ${size} Z" fill="${ink(layer)}" opacity="${(0.6 + layer * 0.1).toFixed(2)}"/>`
				);
			}
			break;
		case 'dots':
			for (let i = 0; i < 90; i++) {
				const angle = i * 2.39996;
				const radius = Math.sqrt(i / 90) * size * 0.44;
				out.push(
					`<circle cx="${fixed(c + Math.cos(angle) * radius)}" cy="${fixed(c + Math.sin(angle) * radius)}" r="${fixed(size * (0.008 + (i / 90) * 0.02))}" fill="${ink(i)}"/>`
				);
			}
			break;
	}
	return out.join('');
}

/** A square cover (or avatar) of `size` pixels. */
export function artworkSvg(options: {
	motif: Motif;
	palette: Palette;
	seed: number;
	size?: number;
	round?: boolean;
}): string {
	const size = options.size ?? 1400;
	const random = rng(options.seed);
	const [from, to] = options.palette.background;
	const angle = Math.floor(random() * 4) * 90;
	const grain = `<filter id="g"><feTurbulence type="fractalNoise" baseFrequency="0.9" numOctaves="2" seed="${options.seed % 1000}"/><feColorMatrix values="0 0 0 0 0  0 0 0 0 0  0 0 0 0 0  0 0 0 0.08 0"/></filter>`;
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">` +
		`<defs><linearGradient id="bg" gradientTransform="rotate(${angle} 0.5 0.5)"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient>${grain}</defs>` +
		`<rect width="${size}" height="${size}" fill="url(#bg)"/>` +
		shapes(options.motif, size, options.palette, random) +
		`<rect width="${size}" height="${size}" filter="url(#g)"/>` +
		`</svg>`
	);
}
