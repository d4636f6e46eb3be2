import type { Db } from '../db';
import { ZJobResult, jobIdFor, type QueueName } from './contract';
import { queueFor, type Queues } from './producer';
import { withTimeout } from './redis-timeout';
import { markFailed, recordResult } from './recorder';

// Results of jobs that finished while no recorder was listening (services
// restarting, Redis events missed): the listener only hears new events, so on
// start and then every few seconds the recorder asks BullMQ about every
// submission that went out and is still open, and records the finished ones.
// recordResult is idempotent per run, so racing the listener (or another
// recorder node) stores nothing twice. Lost jobs are the reconciler's business.

export interface CatchUpSummary {
  checked: number;
  recorded: number;
  failed: number;
}

export async function catchUpResults(opts: { db: Db; queues: Queues; limit?: number }): Promise<CatchUpSummary> {
  const rows = await opts.db.submission.findMany({
    where: { kind: { in: ['code', 'model'] }, status: { in: ['queued', 'running'] }, enqueuedAt: { not: null }, queue: { not: null } },
    select: { id: true, run: true, queue: true },
    orderBy: { enqueuedAt: 'asc' },
    take: opts.limit ?? 1000,
  });
  const summary: CatchUpSummary = { checked: rows.length, recorded: 0, failed: 0 };
  for (const row of rows) {
    const queue = queueFor(opts.queues, row.queue as QueueName);
    const jobId = jobIdFor(row.id, row.run);
    const state = await withTimeout(queue.getJobState(jobId));
    if (state !== 'completed' && state !== 'failed') continue;
    const job = await withTimeout(queue.getJob(jobId));
    if (!job) continue;
    if (state === 'failed') {
      await markFailed({ db: opts.db, submissionId: row.id, run: row.run, reason: job.failedReason || 'grading failed' });
      summary.failed++;
      continue;
    }
    const parsed = ZJobResult.safeParse(job.returnvalue);
    if (!parsed.success) {
      await markFailed({ db: opts.db, submissionId: row.id, run: row.run, reason: 'the worker returned a result that breaks the queue contract' });
      summary.failed++;
    } else if ((await recordResult({ db: opts.db, submissionId: row.id, run: row.run, result: parsed.data })) === 'recorded') {
      summary.recorded++;
    }
  }
  return summary;
}
