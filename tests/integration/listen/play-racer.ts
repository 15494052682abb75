// A web process stand-in run by play-race.test.ts:
//   node --import tsx play-racer.ts <db-file> <start-file> <now-ms> <user-id> <track-id,…>
// prints "ready", waits for <start-file> to appear (so racers start together), reports a play of each
// track for the same signed-in listener at the same instant and prints the track ids it was told
// counted, as one JSON line. Between the check and the insert it pauses briefly (synchronously,
// like a slow disk would), which makes the race window wide: only the write lock can close it.
import fs from 'node:fs';
import { FakeClock } from '../../../src/lib/server/clock';
import { createDb } from '../../../src/lib/server/db';
import { createPlayService } from '../../../src/lib/server/listen/play-service';
import { createPlaysRepository } from '../../../src/lib/server/listen/plays-repository';

const [dbFile, startFile, nowMs, userId, trackList] = process.argv.slice(2);
const handle = createDb(dbFile);
const repo = createPlaysRepository(handle.db);
const pause = new Int32Array(new SharedArrayBuffer(4));
const service = createPlayService({
	repo: {
		...repo,
		playedSince(...args) {
			const played = repo.playedSince(...args);
			Atomics.wait(pause, 0, 0, 10);
			return played;
		}
	},
	clock: new FakeClock(Number(nowMs)),
	limits: { requestsPerMinute: 1_000_000, countedPerHour: 1_000_000 }
});
const listener = { userId, address: '127.0.0.1', userAgent: 'racer' };
// Make (or read) today's salt now, so the racers' first writes are the plays themselves.
service.recordPlay({ trackId: 'warm-up', heardSeconds: 60 }, listener);

process.stdout.write('ready\n');
// Spin rather than sleep: the racers must start within far less than the pause above.
while (!fs.existsSync(startFile));
const counted: string[] = [];
for (const trackId of trackList.split(',')) {
	if (service.recordPlay({ trackId, heardSeconds: 60 }, listener).counted) counted.push(trackId);
}
process.stdout.write(`${JSON.stringify(counted)}\n`);
handle.close();
