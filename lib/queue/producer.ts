import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Db } from '../db';
import { QUEUE_GRADE, QUEUE_TRAIN, REGRADE_PRIORITY, jobIdFor, type QueueName } from './contract';
import { findKind, type QueuedJob } from '../exercises/kinds';
import { addCoalesced } from './coalesced-add';

// Builds a job from the Submission row (the database is the source of truth,
// so the reconciler can rebuild a lost job the same way) and enqueues it.

export interface Queues {
  grade: Queue;
  train: Queue;
  close(): Promise<void>;
}

export function openQueues(connection: Redis): Queues {
  const grade = new Queue(QUEUE_GRADE, { connection });
  const train = new Queue(QUEUE_TRAIN, { connection });
  // A producer must not crash the web process when Redis is away.
  grade.on('error', () => {});
  train.on('error', () => {});
  return {
    grade,
    train,
    close: async () => {
      await Promise.allSettled([grade.close(), train.close()]);
    },
  };
}

export function queueFor(queues: Queues, name: QueueName): Queue {
  return name === QUEUE_TRAIN ? queues.train : queues.grade;
}

/** The job payload for a stored submission, validated against the contract; its kind's module builds it. */
export function jobPayload(sub: {
  id: string;
  run: number;
  exerciseId: string;
  exerciseVersion: string;
  kind: string;
  mode: string;
  language: string | null;
  payload: string;
}): QueuedJob {
  const kind = findKind(sub.kind);
  if (!kind) throw new Error(`submissions of kind "${sub.kind}" cannot be queued`);
  return kind.jobPayload(sub);
}

export const JOB_ATTEMPTS = 3;

/** The queue a kind of submission is graded on, or null when the app grades it itself. */
export function queueForKind(kind: string): QueueName | null {
  return findKind(kind)?.queue ?? null;
}

/**
 * Enqueue a stored submission. Returns false (and leaves the row queued) when
 * Redis cannot be reached: the reconciler retries later and nothing is lost.
 * `markedSent`: the row was written already saying it went out (the submit
 * path, to save a write per submission at a rush); only a failure is written.
 * Should the process die between that insert and the add, the reconciler
 * finds no job once the row is RECONCILE_AFTER_SECONDS old and sends it.
 */
export async function enqueueSubmission(
  opts: { db: Db; queues: Queues; regrade?: boolean } & ({ submissionId: string } | { submission: Parameters<typeof jobPayload>[0]; markedSent?: boolean }),
): Promise<boolean> {
  const markedSent = 'submission' in opts && opts.markedSent === true;
  // The submit path passes the row it just wrote: no second read.
  const sub = 'submission' in opts ? opts.submission : await opts.db.submission.findUniqueOrThrow({ where: { id: opts.submissionId } });
  const { queue, data } = jobPayload(sub);
  try {
    await addCoalesced(queueFor(opts.queues, queue), {
      name: `${sub.kind}:${sub.exerciseId}`,
      data,
      opts: {
        jobId: jobIdFor(sub.id, sub.run),
        attempts: JOB_ATTEMPTS,
        backoff: { type: 'exponential', delay: 2000 },
        priority: opts.regrade ? REGRADE_PRIORITY : undefined,
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: { age: 30 * 24 * 3600 },
      },
    });
  } catch (e) {
    await opts.db.submission.update({
      where: { id: sub.id },
      data: { lastError: `not yet sent to a worker: ${(e as Error).message}`, ...(markedSent ? { enqueuedAt: null, enqueueCount: { decrement: 1 } } : {}) },
    });
    return false;
  }
  if (markedSent) return true;
  // Plain SQL: this runs once per submission at a deadline rush (see lib/submissions/submit-queries.ts).
  const at = new Date();
  await opts.db.$executeRaw`
    UPDATE "Submission" SET "enqueuedAt" = ${at}, "enqueueCount" = "enqueueCount" + 1, queue = ${queue}, "lastError" = NULL, "updatedAt" = ${at}
    WHERE id = ${sub.id}`;
  return true;
}
