// Code grading through the real queue: a redis-server of its own, one worker process
// started as `npm start` starts it (worker/main.ts, GRADE_CONCURRENCY from lib/env.ts),
// and correct conv3x3 submissions in Python, TypeScript and JavaScript added as BullMQ
// jobs the way the app adds them. Prints, per language, the time from the worker taking
// the job (processedOn) to its result (finishedOn) and from enqueue to result; then
// submissions per minute for a warm-up burst of N jobs and then the measured burst of N,
// with how busy the rest of the machine was meanwhile (bench/code-grading.ts says why).
//   npx tsx bench/code-grading-queue.ts [burst-size]
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { Job, Queue, QueueEvents } from 'bullmq';
import { startRedis } from '../scripts/lib/redis-server';
import { producerConnection, workerConnection } from '../lib/queue/connection';
import { QUEUE_GRADE, ZGradeJob, jobIdFor } from '../lib/queue/contract';
import { parseEnv } from '../lib/env';
import type { Language } from '../lib/exercises/schema';
import { boxesCpuMs, machineCpuMs, othersCores, processCpuMs } from './lib/machine-cpu';

const SUBMISSIONS: [Language, string][] = [
  ['python', 'test/fixtures/seed/conv3x3.py'],
  ['typescript', 'test/fixtures/code/conv3x3.ts'],
  ['javascript', 'test/fixtures/code/conv3x3.js'],
];
const burst = Number(process.argv[2] ?? 60);
const REPEATS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const redis = await startRedis();
const worker = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
  env: { ...process.env, REDIS_URL: redis.url, WORKER_QUEUES: 'grade' },
  stdio: ['ignore', 'ignore', 'inherit'],
  detached: true,
});
const connections = [producerConnection(redis.url), workerConnection(redis.url)] as const;
const queue = new Queue(QUEUE_GRADE, { connection: connections[0] });
const events = new QueueEvents(QUEUE_GRADE, { connection: connections[1] });
// every job of the burst waits on these at once
queue.setMaxListeners(burst + 10);
events.setMaxListeners(burst + 10);
await events.waitUntilReady();
let n = 0;

async function gradeViaQueue(language: Language, file: string): Promise<Job> {
  const id = `bench-${n++}`;
  const data = ZGradeJob.parse({ submissionId: id, run: 1, exerciseId: 'conv3x3', exerciseVersion: 'bench', language, source: fs.readFileSync(file, 'utf8'), mode: 'submit' });
  const job = await queue.add('code:conv3x3', data, { jobId: jobIdFor(id, 1) });
  const result = (await job.waitUntilFinished(events, 120_000)) as { score: number; max_score: number };
  if (result.score !== result.max_score) throw new Error(`${file} scored ${result.score}/${result.max_score} through the queue`);
  return (await Job.fromId(queue, job.id!))!;
}

try {
  // the first job waits for the worker to start (tsx compile, sandbox checks)
  await gradeViaQueue('javascript', SUBMISSIONS[2]![1]);
  const concurrency = parseEnv().GRADE_CONCURRENCY;
  console.log(`one worker process, grade concurrency ${concurrency}; conv3x3, correct submission, submit mode:`);
  for (const [language, file] of SUBMISSIONS) {
    const jobs: Job[] = [];
    for (let i = 0; i < REPEATS; i++) jobs.push(await gradeViaQueue(language, file));
    const inWorker = median(jobs.map((j) => j.finishedOn! - j.processedOn!));
    const endToEnd = median(jobs.map((j) => j.finishedOn! - j.timestamp));
    console.log(`  ${language.padEnd(10)} job start to result ${inWorker} ms, enqueue to result ${endToEnd} ms (median of ${REPEATS})`);
  }
  // the first burst is a warm-up (the worker's first concurrent jobs): printed beside the measured one, not counted
  const round = async () => {
    const cpu = () => processCpuMs(worker.pid!) + processCpuMs(redis.process.pid!) + boxesCpuMs();
    const before = { machine: machineCpuMs(), ours: cpu(), bench: process.cpuUsage() };
    const started = performance.now();
    await Promise.all(Array.from({ length: burst }, (_, i) => gradeViaQueue(...SUBMISSIONS[i % SUBMISSIONS.length]!)));
    const seconds = (performance.now() - started) / 1000;
    const bench = process.cpuUsage(before.bench);
    // the worker, its boxes (from their cgroup), Redis and this process
    const ours = cpu() - before.ours + (bench.user + bench.system) / 1000;
    return { seconds, perMinute: (burst / seconds) * 60, cpuPer: ours / burst, ...othersCores(before.machine, machineCpuMs(), ours, seconds) };
  };
  const warmup = await round();
  const measured = await round();
  console.log(
    `\nburst of ${burst} submissions (python/typescript/javascript in turn): measured ${measured.perMinute.toFixed(0)} per minute (${measured.seconds.toFixed(1)} s),` +
      ` warm-up burst before it ${warmup.perMinute.toFixed(0)} per minute (${warmup.seconds.toFixed(1)} s)`,
  );
  console.log(`CPU per submission (worker + boxes + Redis + this client): measured ${measured.cpuPer.toFixed(0)} ms, warm-up ${warmup.cpuPer.toFixed(0)} ms`);
  console.log(`other work on the machine meanwhile: measured ${measured.others.toFixed(2)} cores (stolen ${measured.steal.toFixed(2)}), warm-up ${warmup.others.toFixed(2)} cores (stolen ${warmup.steal.toFixed(2)})`);
} finally {
  await events.close();
  await queue.close();
  for (const c of connections) c.disconnect();
  if (worker.pid) process.kill(-worker.pid, 'SIGTERM');
  await new Promise((r) => worker.once('exit', r));
  await redis.stop();
}
