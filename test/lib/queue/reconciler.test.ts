import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestDb } from '../../helpers/test-db';
import { makeExercise, makeSubmission, makeUser, okResult } from '../../helpers/fixtures';
import { producerConnection } from '../../../lib/queue/connection';
import { enqueueSubmission, openQueues, type Queues } from '../../../lib/queue/producer';
import { reconcile } from '../../../lib/queue/reconciler';
import { QUEUE_GRADE } from '../../../lib/queue/contract';
import type { Db } from '../../../lib/db';

// Each test file gets its own queue prefix by using a fresh Redis DB index.
let queues: Queues;
let db: Db;
const dbIndex = 3;
const url = () => `${inject('redisUrl')}/${dbIndex}`;

beforeAll(async () => {
  queues = openQueues(producerConnection(url()));
});
afterAll(async () => {
  await queues.close();
});
beforeEach(async () => {
  db = createTestDb().db;
  await queues.grade.obliterate({ force: true });
});

async function stored() {
  const u = await makeUser(db);
  await makeExercise(db);
  return makeSubmission(db, { userId: u.id, exerciseId: 'conv3x3' });
}

describe('reconciler', () => {
  it('enqueues with the submission id as job id', async () => {
    const s = await stored();
    expect(await enqueueSubmission({ db, queues, submissionId: s.id })).toBe(true);
    const job = await queues.grade.getJob(s.id);
    expect(job?.data).toMatchObject({ submissionId: s.id, exerciseId: 'conv3x3', language: 'python', source: 'print(1)' });
    expect((await db.submission.findUniqueOrThrow({ where: { id: s.id } })).enqueueCount).toBe(1);
  });

  it('sends a submission that was never enqueued (Redis was down)', async () => {
    const s = await stored();
    const summary = await reconcile({ db, queues, staleAfterMs: 60_000 });
    expect(summary.requeued).toBe(1);
    expect(await queues.grade.getJob(s.id)).toBeTruthy();
  });

  it('re-enqueues a stale submission whose job was lost', async () => {
    const s = await stored();
    await enqueueSubmission({ db, queues, submissionId: s.id });
    await queues.grade.obliterate({ force: true }); // Redis lost everything
    const later = new Date(Date.now() + 10 * 60_000);
    const summary = await reconcile({ db, queues, staleAfterMs: 60_000, now: later });
    expect(summary).toMatchObject({ checked: 1, requeued: 1 });
    expect(await queues.grade.getJob(s.id)).toBeTruthy();
  });

  it('leaves a fresh or still-waiting job alone', async () => {
    const s = await stored();
    await enqueueSubmission({ db, queues, submissionId: s.id });
    expect((await reconcile({ db, queues, staleAfterMs: 60_000 })).checked).toBe(0);
    const later = new Date(Date.now() + 10 * 60_000);
    expect(await reconcile({ db, queues, staleAfterMs: 60_000, now: later })).toMatchObject({ checked: 1, pending: 1, requeued: 0 });
  });

  it('records a completed job whose result event was missed, exactly once', async () => {
    const s = await stored();
    await enqueueSubmission({ db, queues, submissionId: s.id });
    const { Worker } = await import('bullmq');
    const { workerConnection } = await import('../../../lib/queue/connection');
    const worker = new Worker(QUEUE_GRADE, async () => okResult(6), { connection: workerConnection(url()) });
    await waitForState(s.id, 'completed');
    await worker.close();
    const later = new Date(Date.now() + 10 * 60_000);
    expect((await reconcile({ db, queues, staleAfterMs: 60_000, now: later })).recovered).toBe(1);
    expect((await reconcile({ db, queues, staleAfterMs: 60_000, now: later })).checked).toBe(0);
    expect(await db.result.count({ where: { submissionId: s.id } })).toBe(1);
    expect((await db.submission.findUniqueOrThrow({ where: { id: s.id } })).score).toBe(6);
  });

  it('keeps the submission queued when Redis is unreachable', async () => {
    const s = await stored();
    const dead = openQueues(producerConnection('redis://127.0.0.1:1'));
    try {
      expect(await enqueueSubmission({ db, queues: dead, submissionId: s.id })).toBe(false);
      const row = await db.submission.findUniqueOrThrow({ where: { id: s.id } });
      expect(row.status).toBe('queued');
      expect(row.lastError).toMatch(/not yet sent/);
      expect((await reconcile({ db, queues: dead, staleAfterMs: 1 })).unreachable).toBe(1);
    } finally {
      await dead.close();
    }
    // Redis back: the next reconcile sends it.
    expect((await reconcile({ db, queues, staleAfterMs: 60_000 })).requeued).toBe(1);
  });
});

async function waitForState(jobId: string, state: string) {
  for (let i = 0; i < 200; i++) {
    if ((await queues.grade.getJobState(jobId)) === state) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${jobId} never reached ${state}`);
}
