import { Worker } from 'bullmq';
import { parseEnv, EnvError } from '../lib/env';
import { workerConnection } from '../lib/queue/connection';
import { QUEUE_GRADE, QUEUE_TRAIN } from '../lib/queue/contract';
import { processGradeJob, processTrainJob } from './processors';
import { assertSandboxUsable } from './sandbox/run-sandboxed';
import { raiseWorkerPriority } from './sandbox/worker-priority';

// A grading worker: Redis is all it needs (no database credentials). Serves
// the queues named in WORKER_QUEUES, so a GPU box can run only "train".

async function main() {
  let env;
  try {
    env = parseEnv();
  } catch (e) {
    if (e instanceof EnvError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  if (env.WORKER_QUEUES.includes('train')) {
    // Chosen (and logged) once, at start-up: a box whose native TensorFlow failed to load
    // says so in its log now, not in the first student's job.
    const { BackendUnavailableError, selectBackend } = await import('./train/backend');
    try {
      await selectBackend({ backend: env.TRAIN_BACKEND, log: (line) => console.log(line) });
    } catch (e) {
      if (e instanceof BackendUnavailableError) {
        console.error(`[worker] ${e.message}`);
        process.exit(2);
      }
      throw e;
    }
  }
  if (env.WORKER_QUEUES.includes('grade')) {
    // without a working box (bubblewrap new enough for our options, memory+pids cgroups)
    // every code job would fail and be retried: say so once, now, after one trial run
    try {
      await assertSandboxUsable();
    } catch (e) {
      console.error(`[worker] cannot grade code on this machine: ${(e as Error).message}`);
      process.exit(2);
    }
    // boxes below the worker (logs how, or why not); grading works either way
    raiseWorkerPriority();
  }
  const abort = new AbortController();
  const workers: Worker[] = [];
  const common = {
    lockDuration: env.WORKER_LOCK_MS,
    stalledInterval: env.WORKER_STALLED_INTERVAL_MS,
    maxStalledCount: 2,
  };
  if (env.WORKER_QUEUES.includes('grade')) {
    workers.push(
      new Worker(QUEUE_GRADE, (job) => processGradeJob(job, abort.signal), {
        ...common,
        connection: workerConnection(env.REDIS_URL),
        concurrency: env.GRADE_CONCURRENCY,
      }),
    );
  }
  if (env.WORKER_QUEUES.includes('train')) {
    workers.push(
      new Worker(QUEUE_TRAIN, (job) => processTrainJob(job, abort.signal), {
        ...common,
        connection: workerConnection(env.REDIS_URL),
        concurrency: env.TRAIN_CONCURRENCY,
      }),
    );
  }
  for (const w of workers) {
    w.on('error', (e) => console.error(`[worker ${w.name}] ${e.message}`));
    w.on('failed', (job, e) => console.error(`[worker ${w.name}] job ${job?.id} failed: ${e.message}`));
    w.on('completed', (job) => console.log(`[worker ${w.name}] job ${job.id} done`));
  }
  console.log(`[worker] pid ${process.pid} serving ${env.WORKER_QUEUES.join(', ')} on ${env.REDIS_URL.replace(/\/\/.*@/, '//***@')}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: finishing current jobs (up to 20 s), taking no new ones`);
    // Jobs still running after the grace period are aborted; BullMQ retries them elsewhere.
    const timer = setTimeout(() => abort.abort(), 20_000);
    // close() waits for Redis; with Redis gone it would wait forever, and a stop must stop.
    const deadline = setTimeout(() => {
      console.error('[worker] could not close cleanly within 25 s (is Redis reachable?); exiting');
      process.exit(1);
    }, 25_000);
    await Promise.allSettled(workers.map((w) => w.close()));
    clearTimeout(timer);
    clearTimeout(deadline);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

void main();
