import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestDb } from '../../helpers/test-db';
import { makeExercise, makeSubmission, makeUser, okResult } from '../../helpers/fixtures';
import { producerConnection } from '../../../lib/queue/connection';
import { enqueueSubmission, openQueues, type Queues } from '../../../lib/queue/producer';
import { reconcile } from '../../../lib/queue/reconciler';
import { MAX_SOURCE_BYTES, QUEUE_GRADE, QUEUE_TRAIN } from '../../../lib/queue/contract';
import type { Db } from '../../../lib/db';
// a port nothing listens on: taken from the OS and released, not a fixed number
import { freePort } from '../../../scripts/lib/redis-server';

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
  await queues.train.obliterate({ force: true });
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
    const dead = openQueues(producerConnection(`redis://127.0.0.1:${await freePort()}`));
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

async function waitForState(jobId: string, state: string, queue = queues.grade) {
  for (let i = 0; i < 200; i++) {
    if ((await queue.getJobState(jobId)) === state) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${jobId} never reached ${state}`);
}

describe('reconciler: rows that cannot go out, late adds, hung training', () => {
  async function modelRow(userId: string, payload: string) {
    return db.submission.create({
      data: { userId, exerciseId: 'mnist', exerciseVersion: 'v1', kind: 'model', payload, status: 'queued' },
    });
  }
  const modelPayload = JSON.stringify({ model: { format: 'spec', content: 'layers: []' }, settings: {} });

  it('fails a row that breaks the contract with a clear message and still sends the rows after it', async () => {
    const u = await makeUser(db);
    await makeExercise(db);
    await makeExercise(db, { id: 'mnist', kind: 'model' });
    const tooBig = await makeSubmission(db, { userId: u.id, exerciseId: 'conv3x3', source: 'x'.repeat(MAX_SOURCE_BYTES + 1) });
    const ruby = await makeSubmission(db, { userId: u.id, exerciseId: 'conv3x3', language: 'ruby' });
    const garbled = await modelRow(u.id, '{not json');
    const good = await makeSubmission(db, { userId: u.id, exerciseId: 'conv3x3' });

    const summary = await reconcile({ db, queues, staleAfterMs: 60_000 });
    expect(summary).toMatchObject({ checked: 4, failed: 3, requeued: 1, errors: 0 });
    expect(await queues.grade.getJob(good.id)).toBeTruthy();
    const row = (id: string) => db.submission.findUniqueOrThrow({ where: { id } });
    expect(await row(tooBig.id)).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/breaks the queue contract.*source: source code is limited to 256 KiB/) });
    expect((await row(ruby.id)).lastError).toMatch(/breaks the queue contract.*language/);
    expect((await row(garbled.id)).lastError).toMatch(/breaks the queue contract.*not valid JSON/);
    for (const id of [tooBig.id, ruby.id, garbled.id]) expect(await queues.grade.getJob(id)).toBeUndefined();
    // Failed rows are not candidates any more: the next tick only sees nothing.
    expect((await reconcile({ db, queues, staleAfterMs: 60_000 })).checked).toBe(0);
  });

  it('marks a job that a late add put in Redis as sent, without sending it twice', async () => {
    const s = await stored();
    // The producer timed out waiting (row says "not yet sent"), but the add went through.
    await db.submission.update({ where: { id: s.id }, data: { lastError: 'not yet sent to a worker: Redis did not answer within 3 s' } });
    await queues.grade.add('code:conv3x3', { submissionId: s.id, run: 1, exerciseId: 'conv3x3', exerciseVersion: 'v1', language: 'python', source: 'print(1)', mode: 'submit' }, { jobId: s.id });

    expect(await reconcile({ db, queues, staleAfterMs: 60_000 })).toMatchObject({ checked: 1, pending: 1, requeued: 0 });
    const row = await db.submission.findUniqueOrThrow({ where: { id: s.id } });
    expect(row.enqueuedAt).toBeInstanceOf(Date);
    expect(row).toMatchObject({ lastError: null, queue: QUEUE_GRADE, enqueueCount: 1, status: 'queued' });
    expect(await queues.grade.getJobCounts('waiting')).toMatchObject({ waiting: 1 });
    // No longer picked up every tick while fresh.
    expect((await reconcile({ db, queues, staleAfterMs: 60_000 })).checked).toBe(0);
  });

  it('fails a training submission whose worker is alive but stuck past TRAIN_TIMEOUT_SECONDS', async () => {
    const u = await makeUser(db);
    await makeExercise(db, { id: 'mnist', kind: 'model' });
    const s = await modelRow(u.id, modelPayload);
    expect(await enqueueSubmission({ db, queues, submissionId: s.id })).toBe(true);
    await db.submission.update({ where: { id: s.id }, data: { status: 'running' } });

    const { Worker } = await import('bullmq');
    const { workerConnection } = await import('../../../lib/queue/connection');
    let release!: () => void;
    const hung = new Promise<void>((r) => (release = r));
    const worker = new Worker(QUEUE_TRAIN, async () => {
      await hung;
      return okResult(10);
    }, { connection: workerConnection(url()) });
    try {
      await waitForState(s.id, 'active', queues.train);
      const startedAt = (await queues.train.getJob(s.id))!.processedOn!;
      const limit = 3600_000;
      const check = (at: number) => reconcile({ db, queues, staleAfterMs: 60_000, trainTimeoutMs: limit, now: new Date(at) });

      // Within the limit, and with no limit given: left to the worker.
      expect(await check(startedAt + limit - 1000)).toMatchObject({ checked: 1, pending: 1, failed: 0 });
      expect(await reconcile({ db, queues, staleAfterMs: 60_000, now: new Date(startedAt + 2 * limit) })).toMatchObject({ pending: 1 });
      expect((await db.submission.findUniqueOrThrow({ where: { id: s.id } })).status).toBe('running');

      expect(await check(startedAt + limit + 1000)).toMatchObject({ checked: 1, failed: 1 });
      const row = await db.submission.findUniqueOrThrow({ where: { id: s.id } });
      expect(row.status).toBe('failed');
      expect(row.lastError).toMatch(/still running 60 min after it started \(TRAIN_TIMEOUT_SECONDS\).*presumed stuck/);
    } finally {
      release();
      await worker.close();
    }
  });

  it('does not apply the training timeout to code jobs', async () => {
    const s = await stored();
    await enqueueSubmission({ db, queues, submissionId: s.id });
    const { Worker } = await import('bullmq');
    const { workerConnection } = await import('../../../lib/queue/connection');
    let release!: () => void;
    const hung = new Promise<void>((r) => (release = r));
    const worker = new Worker(QUEUE_GRADE, async () => {
      await hung;
      return okResult(10);
    }, { connection: workerConnection(url()) });
    try {
      await waitForState(s.id, 'active');
      const startedAt = (await queues.grade.getJob(s.id))!.processedOn!;
      expect(await reconcile({ db, queues, staleAfterMs: 60_000, trainTimeoutMs: 60_000, now: new Date(startedAt + 3600_000) })).toMatchObject({ pending: 1, failed: 0 });
    } finally {
      release();
      await worker.close();
    }
  });
});
