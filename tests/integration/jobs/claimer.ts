// A worker stand-in run as its own process by job-queue-processes.test.ts:
//   node --import tsx claimer.ts <db-file> hold <leaseMs>
//     claims one 'ingest' job, prints {"id","token"} and keeps heartbeating until it is killed;
//   node --import tsx claimer.ts <db-file> drain <start-file>
//     prints "ready", waits for <start-file> to appear (so all racers start together), then claims and
//     completes jobs until none are left and prints the claimed ids as one JSON line.
import fs from 'node:fs';
import { systemClock } from '../../../src/lib/server/clock';
import { createDb } from '../../../src/lib/server/db';
import { createJobQueue } from '../../../src/lib/server/jobs/job-queue';
import { createJobRepository } from '../../../src/lib/server/jobs/job-repository';

const [dbFile, mode, arg] = process.argv.slice(2);
const handle = createDb(dbFile);
const queue = createJobQueue({ repo: createJobRepository(handle.db), clock: systemClock });
const workerId = `claimer-${process.pid}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function hold(leaseMs: number): Promise<void> {
	for (;;) {
		const job = queue.claim(workerId, ['ingest'], leaseMs);
		if (job) {
			process.stdout.write(`${JSON.stringify({ id: job.id, token: job.token })}\n`);
			// "Working": keep the lease alive until the test kills this process with SIGKILL.
			setInterval(() => queue.heartbeat(job.id, job.token, leaseMs, 0.5), Math.max(10, leaseMs / 3));
			return;
		}
		await sleep(20);
	}
}

async function drain(startFile: string): Promise<void> {
	process.stdout.write('ready\n');
	while (!fs.existsSync(startFile)) await sleep(2);
	const claimed: string[] = [];
	for (
		let job = queue.claim(workerId, ['ingest'], 60_000);
		job;
		job = queue.claim(workerId, ['ingest'], 60_000)
	) {
		claimed.push(job.id);
		// A little "work" so the racers' claims interleave instead of one process draining everything.
		await sleep(5);
		queue.complete(job.id, job.token);
	}
	process.stdout.write(`${JSON.stringify(claimed)}\n`);
	handle.close();
}

if (mode === 'hold') await hold(Number(arg));
else if (mode === 'drain') await drain(arg);
else throw new Error(`unknown mode ${mode}`);
