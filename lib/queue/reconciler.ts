import type { Db } from '../db';
import { ZJobResult, jobIdFor } from './contract';
import { enqueueSubmission, jobPayload, queueFor, withTimeout, type Queues } from './producer';
import { markFailed, recordResult } from './recorder';

// Brings the database and the queues back into agreement. A submission row is
// written before its job, so a row can be left behind when Redis was down, the
// job was lost (Redis restarted without persistence) or its result event was
// missed while the recorder was away. The job id is derived from the row, so
// asking BullMQ about it tells which case it is.

export interface ReconcileSummary {
  checked: number;
  requeued: number;
  recovered: number;
  failed: number;
  pending: number;
  unreachable: number;
}

export async function reconcile(opts: { db: Db; queues: Queues; staleAfterMs: number; now?: Date }): Promise<ReconcileSummary> {
  const now = opts.now ?? new Date();
  const staleBefore = new Date(now.getTime() - opts.staleAfterMs);
  const candidates = await opts.db.submission.findMany({
    where: {
      kind: { in: ['code', 'model'] },
      status: { in: ['queued', 'running'] },
      OR: [{ enqueuedAt: null }, { updatedAt: { lt: staleBefore } }],
    },
    orderBy: { createdAt: 'asc' },
    take: 500,
  });
  const summary: ReconcileSummary = { checked: candidates.length, requeued: 0, recovered: 0, failed: 0, pending: 0, unreachable: 0 };
  for (const sub of candidates) {
    const { queue } = jobPayload(sub);
    let job;
    try {
      job = await withTimeout(queueFor(opts.queues, queue).getJob(jobIdFor(sub.id, sub.run)));
    } catch {
      summary.unreachable++;
      continue;
    }
    if (!job) {
      const ok = await enqueueSubmission({ db: opts.db, queues: opts.queues, submissionId: sub.id, regrade: sub.run > 1 });
      if (ok) summary.requeued++;
      else summary.unreachable++;
      continue;
    }
    const state = await job.getState();
    if (state === 'completed') {
      const parsed = ZJobResult.safeParse(job.returnvalue);
      if (parsed.success) {
        await recordResult({ db: opts.db, submissionId: sub.id, run: sub.run, result: parsed.data });
        summary.recovered++;
      } else {
        await markFailed({ db: opts.db, submissionId: sub.id, run: sub.run, reason: 'the worker returned a result that breaks the queue contract' });
        summary.failed++;
      }
    } else if (state === 'failed') {
      await markFailed({ db: opts.db, submissionId: sub.id, run: sub.run, reason: job.failedReason || 'grading failed' });
      summary.failed++;
    } else {
      // waiting, active, delayed or prioritized: BullMQ's stalled-job check
      // returns jobs of dead workers to the queue, so leave it be.
      summary.pending++;
    }
  }
  return summary;
}
