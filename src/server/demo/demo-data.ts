/**
 * The demo scene: eight made-up artists with styles of their own and twelve releases (albums, EPs,
 * singles) whose tracks are composed by compose.ts and whose covers are drawn by artwork-svg.ts.
 * Names in Chinese and Arabic are kept as written, like a real indie catalogue.
 */
import type { Motif, Palette } from './artwork-svg';
import type { Style } from './compose';
import type { DemoCodec } from './synth-args';

export interface DemoTrack {
	title: string;
	seconds: number;
	/** A variation of the artist's style for this track. */
	tweak?: Partial<Style>;
}

export interface DemoRelease {
	title: string;
	type: 'album' | 'ep' | 'single';
	description: string;
	tags: string;
	licence: string;
	codec: DemoCodec;
	motif: Motif;
	tracks: DemoTrack[];
}

export interface DemoArtist {
	handle: string;
	name: string;
	bio: string;
	style: Style;
	palette: Palette;
	releases: DemoRelease[];
}

const SEA: Palette = {
	background: ['#0f2a3d', '#1f6f78'],
	ink: ['#f2c14e', '#f78154', '#4d9078', '#b4436c']
};
const SAND: Palette = { background: ['#f6e7cb', '#e9b872'], ink: ['#2e294e', '#d7263d', '#1b998b'] };
const MOSS: Palette = {
	background: ['#1e2d24', '#3e5641'],
	ink: ['#a7c4a0', '#d6e5c9', '#8f7e4f', '#c9b79c']
};
const NEON: Palette = {
	background: ['#1a1033', '#3b1c5a'],
	ink: ['#ff5e9c', '#ffd166', '#4cc9f0', '#f72585']
};
const DUSK: Palette = { background: ['#2b2d42', '#8d99ae'], ink: ['#ef233c', '#edf2f4', '#ffb703'] };
const ORCHARD: Palette = {
	background: ['#fefae0', '#e9edc9'],
	ink: ['#bc6c25', '#606c38', '#283618', '#dda15e']
};
const CEDAR: Palette = {
	background: ['#3d2c2e', '#6b4f4f'],
	ink: ['#eed6c4', '#c38e70', '#fff3e4', '#9c6644']
};
const SIGNAL: Palette = {
	background: ['#050505', '#1c1c1c'],
	ink: ['#e0e0e0', '#00f5d4', '#9b5de5', '#f15bb5']
};

export const DEMO_SCENE: DemoArtist[] = [
	{
		handle: 'tidewater',
		name: 'Tidewater',
		bio: 'Plucked patterns and low tides, recorded in a shed above a Cornish harbour. Music for the hour before the boats go out.',
		style: {
			bpm: 84,
			key: 55,
			scale: 'pentatonic',
			progression: [0, 3, 4, 2],
			lead: 'pluck',
			bass: 'subbass',
			chords: 'pad',
			drums: 'soft',
			density: 2,
			swing: 0,
			reverb: 0.45
		},
		palette: SEA,
		releases: [
			{
				title: 'Harbour Lights',
				type: 'ep',
				description: 'Three small pieces for a quiet harbour, written over one winter.',
				tags: 'ambient, electronic',
				licence: 'cc-by',
				codec: 'flac',
				motif: 'rings',
				tracks: [
					{ title: 'Low Tide', seconds: 190 },
					{ title: 'Lantern', seconds: 140, tweak: { bpm: 92, key: 57 } },
					{ title: 'Breakwater', seconds: 245, tweak: { bpm: 76, drums: 'none' } }
				]
			},
			{
				title: 'Slack Water',
				type: 'single',
				description: 'The still moment between tides.',
				tags: 'ambient, downtempo',
				licence: 'cc-by',
				codec: 'flac',
				motif: 'waves',
				tracks: [{ title: 'Slack Water', seconds: 165, tweak: { key: 52 } }]
			}
		]
	},
	{
		handle: 'paper-kites-club',
		name: 'Paper Kites Club',
		bio: 'Bright, quick and a little dizzy: four friends from Leeds who write songs about running after things in the wind.',
		style: {
			bpm: 118,
			key: 60,
			scale: 'major',
			progression: [0, 4, 5, 3],
			lead: 'square',
			bass: 'bass',
			chords: 'epiano',
			drums: 'backbeat',
			density: 2,
			swing: 0,
			reverb: 0.2
		},
		palette: SAND,
		releases: [
			{
				title: 'Updraft',
				type: 'single',
				description: 'A single about running after something in the wind, with a slower B-side.',
				tags: 'indie pop',
				licence: 'all-rights-reserved',
				codec: 'libmp3lame',
				motif: 'stripes',
				tracks: [
					{ title: 'Updraft', seconds: 185 },
					{ title: 'Crosswind', seconds: 150, tweak: { bpm: 98, key: 57, scale: 'minor' } }
				]
			},
			{
				title: 'Weather Balloon',
				type: 'album',
				description: 'The first album: six songs recorded live in a church hall in four days.',
				tags: 'indie pop, dream pop',
				licence: 'all-rights-reserved',
				codec: 'libmp3lame',
				motif: 'blobs',
				tracks: [
					{ title: 'Weather Balloon', seconds: 175 },
					{ title: 'Kite String', seconds: 130, tweak: { bpm: 126, key: 62 } },
					{ title: 'Tailwind', seconds: 200, tweak: { progression: [0, 5, 3, 4] } },
					{ title: 'Small Planes', seconds: 115, tweak: { bpm: 132, drums: 'four' } },
					{ title: 'Jet Stream', seconds: 225, tweak: { key: 58, scale: 'mixolydian' } },
					{ title: 'Landing Lights', seconds: 160, tweak: { bpm: 92, drums: 'soft', lead: 'epiano' } }
				]
			}
		]
	},
	{
		handle: 'moss-and-static',
		name: 'Moss & Static',
		bio: 'Slow chords under a hiss of tape. One person, a broken four-track and a greenhouse full of ferns.',
		style: {
			bpm: 64,
			key: 50,
			scale: 'dorian',
			progression: [0, 3, 0, 4],
			lead: 'bell',
			bass: 'subbass',
			chords: 'pad',
			drums: 'none',
			density: 1,
			swing: 0,
			reverb: 0.6
		},
		palette: MOSS,
		releases: [
			{
				title: 'Greenhouse',
				type: 'ep',
				description: 'Two long, slow ones. Best with headphones and the lights off.',
				tags: 'drone, lo-fi, ambient',
				licence: 'cc-by-nc-sa',
				codec: 'flac',
				motif: 'peaks',
				tracks: [
					{ title: 'Condensation', seconds: 280 },
					{ title: 'Fern', seconds: 300, tweak: { key: 52, bpm: 58 } }
				]
			}
		]
	},
	{
		handle: 'night-ferry',
		name: '夜航船',
		bio: '夜航船 (Night Ferry) is a city-pop duo from Shanghai: Rhodes piano, slap bass and songs about the last ferry home.',
		style: {
			bpm: 104,
			key: 62,
			scale: 'mixolydian',
			progression: [0, 5, 1, 4],
			lead: 'epiano',
			bass: 'bass',
			chords: 'epiano',
			drums: 'backbeat',
			density: 2,
			swing: 0.12,
			reverb: 0.3
		},
		palette: NEON,
		releases: [
			{
				title: '城市灯火',
				type: 'album',
				description: 'City Lights: five songs for the ride home along the Bund.',
				tags: 'city pop, 城市流行, funk',
				licence: 'all-rights-reserved',
				codec: 'libmp3lame',
				motif: 'sun',
				tracks: [
					{ title: '末班渡轮', seconds: 210 },
					{ title: '霓虹', seconds: 185, tweak: { key: 64 } },
					{ title: '外滩晚风', seconds: 240, tweak: { bpm: 96, progression: [0, 3, 4, 5] } },
					{ title: '午夜电台', seconds: 170, tweak: { bpm: 112 } },
					{ title: '回家', seconds: 200, tweak: { bpm: 88, drums: 'soft' } }
				]
			},
			{
				title: '雨の日',
				type: 'single',
				description: 'A rainy-day single, written in Tokyo.',
				tags: 'city pop, jazz',
				licence: 'all-rights-reserved',
				codec: 'flac',
				motif: 'dots',
				tracks: [{ title: '雨の日', seconds: 205, tweak: { key: 57, scale: 'dorian', swing: 0.2 } }]
			}
		]
	},
	{
		handle: 'nour-albahr',
		name: 'نور البحر',
		bio: 'نور البحر (Nour al-Bahr) plays desert modes on synthesizers: long melodies over a steady, rolling pulse, from Alexandria.',
		style: {
			bpm: 96,
			key: 57,
			scale: 'minor',
			progression: [0, 6, 5, 6],
			lead: 'pluck',
			bass: 'bass',
			chords: 'pad',
			drums: 'shaker',
			density: 4,
			swing: 0.08,
			reverb: 0.4
		},
		palette: DUSK,
		releases: [
			{
				title: 'رمال',
				type: 'ep',
				description: 'Rimal (Sands): three pieces for a long drive along the coast road.',
				tags: 'arabic fusion, electronic, world',
				licence: 'cc-by-sa',
				codec: 'flac',
				motif: 'peaks',
				tracks: [
					{ title: 'فجر', seconds: 220 },
					{ title: 'قافلة', seconds: 255, tweak: { bpm: 104, drums: 'broken' } },
					{ title: 'موج', seconds: 180, tweak: { key: 55, density: 2 } }
				]
			}
		]
	},
	{
		handle: 'pixel-orchard',
		name: 'Pixel Orchard',
		bio: 'Square waves and four-on-the-floor from a Game Boy that survived the nineties.',
		style: {
			bpm: 140,
			key: 64,
			scale: 'major',
			progression: [0, 5, 3, 4],
			lead: 'square',
			bass: 'square',
			chords: null,
			drums: 'four',
			density: 4,
			swing: 0,
			reverb: 0.05
		},
		palette: ORCHARD,
		releases: [
			{
				title: 'Extra Life',
				type: 'ep',
				description: 'Four short level themes for a game that does not exist yet.',
				tags: 'chiptune, 8-bit, electronic',
				licence: 'cc0',
				codec: 'pcm_s16le',
				motif: 'grid',
				tracks: [
					{ title: 'Press Start', seconds: 80 },
					{ title: 'Orchard Level', seconds: 120, tweak: { key: 67 } },
					{ title: 'Boss Apple', seconds: 95, tweak: { scale: 'minor', bpm: 150 } },
					{ title: 'Credits Roll', seconds: 150, tweak: { bpm: 120, drums: 'backbeat' } }
				]
			}
		]
	},
	{
		handle: 'the-cedar-rooms',
		name: 'The Cedar Rooms',
		bio: 'A folk trio from the Pacific Northwest: fingerpicked guitar, a shaker and songs about small towns.',
		style: {
			bpm: 92,
			key: 55,
			scale: 'major',
			progression: [0, 3, 4, 0],
			lead: 'pluck',
			bass: 'bass',
			chords: 'epiano',
			drums: 'shaker',
			density: 2,
			swing: 0.15,
			reverb: 0.35
		},
		palette: CEDAR,
		releases: [
			{
				title: 'Small Hours',
				type: 'album',
				description: 'Five songs written between midnight and dawn in a cabin with no phone signal.',
				tags: 'folk, acoustic',
				licence: 'cc-by-nc',
				codec: 'flac',
				motif: 'rings',
				tracks: [
					{ title: 'Porch Light', seconds: 195 },
					{ title: 'Cedar Smoke', seconds: 160, tweak: { key: 57, scale: 'dorian' } },
					{ title: 'County Road', seconds: 215, tweak: { bpm: 100 } },
					{
						title: 'The Ferryman',
						seconds: 250,
						tweak: { bpm: 80, scale: 'minor', progression: [0, 5, 3, 4] }
					},
					{ title: 'First Light', seconds: 140, tweak: { key: 60 } }
				]
			}
		]
	},
	{
		handle: 'orbit-salt',
		name: 'Orbit Salt',
		bio: 'Warehouse techno made on a laptop in a Berlin kitchen. Long builds, no drops for the sake of it.',
		style: {
			bpm: 124,
			key: 45,
			scale: 'minor',
			progression: [0, 0, 5, 6],
			lead: 'saw',
			bass: 'subbass',
			chords: 'pad',
			drums: 'four',
			density: 4,
			swing: 0,
			reverb: 0.25
		},
		palette: SIGNAL,
		releases: [
			{
				title: 'Night Shift',
				type: 'ep',
				description: 'Three tracks for the last hour of the night.',
				tags: 'techno, electronic',
				licence: 'all-rights-reserved',
				codec: 'flac',
				motif: 'stripes',
				tracks: [
					{ title: 'Night Shift', seconds: 290 },
					{ title: 'Service Lift', seconds: 260, tweak: { bpm: 128, drums: 'broken' } },
					{ title: 'Daybreak Platform', seconds: 300, tweak: { bpm: 120, key: 48 } }
				]
			},
			{
				title: 'Signal',
				type: 'single',
				description: 'A single for a friend’s radio show.',
				tags: 'techno, house',
				licence: 'all-rights-reserved',
				codec: 'libmp3lame',
				motif: 'dots',
				tracks: [{ title: 'Signal', seconds: 235, tweak: { bpm: 122, scale: 'dorian' } }]
			}
		]
	}
];
