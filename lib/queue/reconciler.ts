import type { Job } from 'bullmq';
import { ZodError } from 'zod';
import type { Db } from '../db';
import { QUEUE_TRAIN, ZJobResult, jobIdFor } from './contract';
import { enqueueSubmission, jobPayload, queueFor, type Queues } from './producer';
import { withTimeout } from './redis-timeout';
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
  /** rows skipped this tick because of an unexpected error; tried again next tick */
  errors: number;
}

type Row = Awaited<ReturnType<Db['submission']['findMany']>>[number];
type Outcome = Exclude<keyof ReconcileSummary, 'checked'>;

export async function reconcile(opts: {
  db: Db;
  queues: Queues;
  staleAfterMs: number;
  /**
   * A training job still active this long after a worker picked it up is
   * failed (TRAIN_TIMEOUT_SECONDS). Omit for no limit.
   */
  trainTimeoutMs?: number;
  now?: Date;
  log?: (msg: string) => void;
}): Promise<ReconcileSummary> {
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
  const summary: ReconcileSummary = { checked: candidates.length, requeued: 0, recovered: 0, failed: 0, pending: 0, unreachable: 0, errors: 0 };
  for (const sub of candidates) {
    // One bad row must not stop the rows behind it, tick after tick.
    try {
      summary[await reconcileOne(opts, sub, now)]++;
    } catch (e) {
      summary.errors++;
      opts.log?.(`reconcile ${sub.id}: ${(e as Error).message}`);
    }
  }
  return summary;
}

async function reconcileOne(opts: { db: Db; queues: Queues; trainTimeoutMs?: number }, sub: Row, now: Date): Promise<Outcome> {
  let queue;
  try {
    queue = jobPayload(sub).queue;
  } catch (e) {
    // Retrying cannot help a row that breaks the contract (e.g. a limit that
    // tightened after it was stored): fail it so the student hears about it.
    await markFailed({ db: opts.db, submissionId: sub.id, run: sub.run, reason: `the stored submission breaks the queue contract and cannot be sent to a worker: ${contractProblem(e)}` });
    return 'failed';
  }
  let job: Job | undefined;
  try {
    job = await withTimeout(queueFor(opts.queues, queue).getJob(jobIdFor(sub.id, sub.run)));
  } catch {
    return 'unreachable';
  }
  if (!job) {
    const ok = await enqueueSubmission({ db: opts.db, queues: opts.queues, submissionId: sub.id, regrade: sub.run > 1 });
    return ok ? 'requeued' : 'unreachable';
  }
  if (!sub.enqueuedAt) {
    // The add reached Redis after the producer had given up waiting: record
    // that it went out, so the page stops saying "waiting" and the row stops
    // being picked up every tick.
    await opts.db.submission.updateMany({
      where: { id: sub.id, run: sub.run, enqueuedAt: null },
      data: { enqueuedAt: new Date(job.timestamp || now.getTime()), enqueueCount: { increment: 1 }, queue, lastError: null },
    });
  }
  let state;
  try {
    state = await withTimeout(job.getState());
  } catch {
    return 'unreachable';
  }
  if (state === 'completed') {
    const parsed = ZJobResult.safeParse(job.returnvalue);
    if (parsed.success) {
      await recordResult({ db: opts.db, submissionId: sub.id, run: sub.run, result: parsed.data });
      return 'recovered';
    }
    await markFailed({ db: opts.db, submissionId: sub.id, run: sub.run, reason: 'the worker returned a result that breaks the queue contract' });
    return 'failed';
  }
  if (state === 'failed') {
    await markFailed({ db: opts.db, submissionId: sub.id, run: sub.run, reason: job.failedReason || 'grading failed' });
    return 'failed';
  }
  if (state === 'active' && queue === QUEUE_TRAIN && opts.trainTimeoutMs && job.processedOn && now.getTime() - job.processedOn > opts.trainTimeoutMs) {
    // A dead worker's job stalls and BullMQ hands it to another worker; a hung
    // but alive one keeps renewing its lock, so nothing else would ever end
    // it. The job cannot be taken from the worker holding its lock, so fail
    // the submission (re-sending would need the same job id); should the
    // worker finish after all, the recorder still records that result.
    const minutes = Math.round(opts.trainTimeoutMs / 60_000);
    await markFailed({
      db: opts.db,
      submissionId: sub.id,
      run: sub.run,
      reason: `training was still running ${minutes} min after it started (TRAIN_TIMEOUT_SECONDS), so its worker is presumed stuck`,
    });
    return 'failed';
  }
  // waiting, active, delayed or prioritized: BullMQ's stalled-job check
  // returns jobs of dead workers to the queue, so leave it be.
  return 'pending';
}

function contractProblem(e: unknown): string {
  if (e instanceof ZodError) return e.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
  if (e instanceof SyntaxError) return 'the stored model is not valid JSON';
  return (e as Error).message;
}
