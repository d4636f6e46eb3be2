import { Job, QueueEvents, UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Db } from '../db';
import { QUEUE_GRADE, QUEUE_TRAIN, ZJobResult } from './contract';
import type { Queues } from './producer';
import { queueFor } from './producer';
import { markFailed, markRunning, recordResult } from './recorder';

// The app-side half of the queue: follows job events and records them. Missed
// events are harmless: the reconciler finds the row and asks BullMQ again.

export async function startResultListener(opts: {
  db: Db;
  queues: Queues;
  connection: () => Redis;
  log?: (msg: string) => void;
}): Promise<{ close(): Promise<void> }> {
  const log = opts.log ?? (() => {});
  const listeners: QueueEvents[] = [];
  for (const name of [QUEUE_GRADE, QUEUE_TRAIN] as const) {
    const events = new QueueEvents(name, { connection: opts.connection() });
    events.on('error', (e) => log(`queue events (${name}): ${e.message}`));
    const fetchJob = (jobId: string) => Job.fromId(queueFor(opts.queues, name), jobId);
    const ids = async (jobId: string) => {
      const job = await fetchJob(jobId);
      if (!job) return undefined;
      return { job, submissionId: String(job.data?.submissionId ?? ''), run: Number(job.data?.run ?? 1) };
    };
    events.on('active', async ({ jobId }) => {
      try {
        const found = await ids(jobId);
        if (found) await markRunning({ db: opts.db, submissionId: found.submissionId, run: found.run });
      } catch (e) {
        log(`active ${jobId}: ${(e as Error).message}`);
      }
    });
    events.on('completed', async ({ jobId }) => {
      try {
        const found = await ids(jobId);
        if (!found) return;
        const parsed = ZJobResult.safeParse(found.job.returnvalue);
        if (!parsed.success) {
          await markFailed({ db: opts.db, submissionId: found.submissionId, run: found.run, reason: 'the worker returned a result that breaks the queue contract' });
          return;
        }
        const outcome = await recordResult({ db: opts.db, submissionId: found.submissionId, run: found.run, result: parsed.data });
        log(`result ${jobId}: ${outcome}`);
      } catch (e) {
        log(`completed ${jobId}: ${(e as Error).message}`);
      }
    });
    events.on('failed', async ({ jobId, failedReason }) => {
      try {
        const found = await ids(jobId);
        if (!found) return;
        const attempts = found.job.opts.attempts ?? 1;
        const final = found.job.attemptsMade >= attempts || failedReason?.startsWith(UnrecoverableError.name) || (await found.job.getState()) === 'failed';
        if (final) await markFailed({ db: opts.db, submissionId: found.submissionId, run: found.run, reason: failedReason || 'grading failed' });
      } catch (e) {
        log(`failed ${jobId}: ${(e as Error).message}`);
      }
    });
    await events.waitUntilReady();
    listeners.push(events);
  }
  return {
    close: async () => {
      await Promise.allSettled(listeners.map((l) => l.close()));
    },
  };
}
