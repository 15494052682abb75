import { z } from 'zod';
import { probeArgs, type MediaInput } from './args';
import { FfmpegError } from './errors';
import type { FfmpegRunner, RunOptions } from './runner';

/** What the pipeline needs from ffprobe, in plain types; validation of the values is the caller's. */
export interface ProbeSummary {
	formatName: string;
	durationSeconds: number | null;
	audio: {
		codec: string;
		profile: string | null;
		sampleRate: number;
		channels: number;
		bitsPerSample: number | null;
		durationSeconds: number | null;
	} | null;
	hasPicture: boolean;
	/** Container and first-audio-stream tags, keys lower-cased; raw text, not yet escaped or trimmed. */
	tags: Record<string, string>;
}

const tagsSchema = z.record(z.string(), z.unknown()).optional();
const probeSchema = z.object({
	format: z
		.object({ format_name: z.string().optional(), duration: z.string().optional(), tags: tagsSchema })
		.optional(),
	streams: z
		.array(
			z.object({
				codec_type: z.string().optional(),
				codec_name: z.string().optional(),
				profile: z.string().optional(),
				sample_rate: z.string().optional(),
				channels: z.number().optional(),
				bits_per_raw_sample: z.string().optional(),
				bits_per_sample: z.number().optional(),
				duration: z.string().optional(),
				disposition: z.object({ attached_pic: z.number().optional() }).optional(),
				tags: tagsSchema
			})
		)
		.optional()
});

/** Generous: a 1 MB title tag is legal, and ffprobe escapes it in JSON. */
const MAX_PROBE_OUTPUT_BYTES = 16 * 1024 * 1024;

export function parseProbeOutput(json: string): ProbeSummary {
	let parsed;
	try {
		parsed = probeSchema.parse(JSON.parse(json));
	} catch {
		throw new FfmpegError('undecodable', 'ffprobe could not describe this file', { tool: 'ffprobe' });
	}
	const streams = parsed.streams ?? [];
	const audio = streams.find((stream) => stream.codec_type === 'audio');
	const sampleRate = numberOrNull(audio?.sample_rate);
	return {
		formatName: parsed.format?.format_name ?? 'unknown',
		durationSeconds: numberOrNull(parsed.format?.duration),
		audio:
			audio && sampleRate
				? {
						codec: audio.codec_name ?? 'unknown',
						profile: audio.profile ?? null,
						sampleRate,
						channels: audio.channels ?? 0,
						bitsPerSample: numberOrNull(audio.bits_per_raw_sample) || audio.bits_per_sample || null,
						durationSeconds: numberOrNull(audio.duration)
					}
				: null,
		hasPicture: streams.some(
			(stream) => stream.codec_type === 'video' && stream.disposition?.attached_pic === 1
		),
		tags: { ...stringTags(audio?.tags), ...stringTags(parsed.format?.tags) }
	};
}

export async function probeMedia(
	runner: FfmpegRunner,
	input: MediaInput,
	options: Omit<RunOptions, 'collectStdout' | 'onStdout'>
): Promise<ProbeSummary> {
	const { stdout } = await runner.run(probeArgs({ input }), {
		...options,
		collectStdout: { maxBytes: MAX_PROBE_OUTPUT_BYTES }
	});
	return parseProbeOutput(stdout);
}

function numberOrNull(value: string | undefined): number | null {
	if (value === undefined) return null;
	const number = Number(value);
	return Number.isFinite(number) ? number : null;
}

function stringTags(tags: Record<string, unknown> | undefined): Record<string, string> {
	// fromEntries defines own properties, so a tag named "__proto__" stays a plain key.
	return Object.fromEntries(
		Object.entries(tags ?? {}).flatMap(([key, value]) =>
			typeof value === 'string' ? [[key.toLowerCase(), value]] : []
		)
	);
}
