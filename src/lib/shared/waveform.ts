/**
 * A waveform as one SVG path in a `0 0 <peaks.length> 100` box: one bar per point, mirrored around
 * the middle. The gaps between bars keep even a steady tone readable as a waveform rather than a
 * solid block. Peaks are normalised 0..1.
 */
export function waveformPath(peaks: number[]): string {
	return peaks
		.map((p, i) => {
			const half = Math.max(p, 0.015) * 48;
			return `M${i + 0.15} ${(50 - half).toFixed(1)}h0.7v${(half * 2).toFixed(1)}h-0.7z`;
		})
		.join('');
}
