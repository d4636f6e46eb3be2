import fs from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestDb } from '../helpers/test-db';
import { makeExercise, makeUser } from '../helpers/fixtures';
import { killGroup, spawnWorker, waitFor } from '../helpers/processes';
import { producerConnection, workerConnection } from '../../lib/queue/connection';
import { enqueueSubmission, openQueues } from '../../lib/queue/producer';
import { startResultListener } from '../../lib/queue/listener';

// Real worker processes: a SIGTERM lets the current job finish; a payload that
// breaks the contract fails at once, without retries, and the student is told.

const url = `${inject('redisUrl')}/6`;
const queues = openQueues(producerConnection(url));
const { db } = createTestDb();
const env = { REDIS_URL: url, WORKER_QUEUES: 'grade', GRADE_CONCURRENCY: '1' };
const workers: ReturnType<typeof spawnWorker>[] = [];
afterAll(async () => {
  workers.forEach((w) => killGroup(w));
  await queues.close();
});

describe('worker lifecycle', () => {
  it('finishes the running job on SIGTERM, then exits cleanly', async () => {
    const user = await makeUser(db);
    await makeExercise(db, { id: 'conv3x3' });
    const source = `const t = Date.now(); while (Date.now() - t < 2000) {}\n${fs.readFileSync('test/fixtures/code/conv3x3.js', 'utf8')}`;
    const sub = await db.submission.create({
      data: { userId: user.id, exerciseId: 'conv3x3', exerciseVersion: 'v1', kind: 'code', language: 'javascript', payload: source },
    });
    const listener = await startResultListener({ db, queues, connection: () => workerConnection(url) });
    try {
      const worker = spawnWorker(env);
      workers.push(worker);
      await enqueueSubmission({ db, queues, submissionId: sub.id });
      await waitFor('the job to start', async () => (await queues.grade.getJobState(sub.id)) === 'active');
      worker.kill('SIGTERM');
      const code = await new Promise<number | null>((r) => worker.once('exit', (c) => r(c)));
      expect(code).toBe(0);
      expect(worker.logs()).toContain('finishing current jobs');
      expect(await queues.grade.getJobState(sub.id)).toBe('completed');
      const done = await waitFor('the result to be recorded', async () => {
        const s = await db.submission.findUnique({ where: { id: sub.id } });
        return s?.status === 'graded' ? s : null;
      });
      expect(done.score).toBe(done.maxScore);
    } finally {
      await listener.close();
    }
  }, 120_000);

  it('fails a payload that breaks the contract once, without retrying, and marks the submission failed', async () => {
    const user = await makeUser(db);
    const sub = await db.submission.create({
      data: { userId: user.id, exerciseId: 'conv3x3', exerciseVersion: 'v1', kind: 'code', language: 'python', payload: 'x' },
    });
    const listener = await startResultListener({ db, queues, connection: () => workerConnection(url) });
    try {
      workers.push(spawnWorker(env));
      await queues.grade.add('bad', { submissionId: sub.id, exerciseId: 'conv3x3', language: 'cobol' }, { jobId: sub.id, attempts: 3 });
      await waitFor('the job to fail', async () => (await queues.grade.getJobState(sub.id)) === 'failed');
      const job = await queues.grade.getJob(sub.id);
      expect(job?.attemptsMade).toBe(1);
      expect(job?.failedReason).toMatch(/invalid job payload/);
      const failed = await waitFor('the submission to be marked failed', async () => {
        const s = await db.submission.findUnique({ where: { id: sub.id } });
        return s?.status === 'failed' ? s : null;
      });
      expect(failed.lastError).toMatch(/invalid job payload/);
      expect(await db.result.count({ where: { submissionId: sub.id } })).toBe(0);
    } finally {
      await listener.close();
    }
  }, 120_000);
});
