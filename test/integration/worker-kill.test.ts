import fs from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestDb } from '../helpers/test-db';
import { makeExercise, makeUser } from '../helpers/fixtures';
import { killGroup, spawnWorker, waitFor } from '../helpers/processes';
import { producerConnection, workerConnection } from '../../lib/queue/connection';
import { enqueueSubmission, openQueues } from '../../lib/queue/producer';
import { startResultListener } from '../../lib/queue/listener';

// A worker dies (SIGKILL, no goodbye) in the middle of a job. BullMQ notices
// the expired lock, a second worker runs the job again, and the submission
// ends with exactly one result.

const url = `${inject('redisUrl')}/5`;
const queues = openQueues(producerConnection(url));
const { db } = createTestDb();
const workers: ReturnType<typeof spawnWorker>[] = [];
afterAll(async () => {
  workers.forEach((w) => killGroup(w));
  await queues.close();
});

// Correct code that first spends ~3 s of wall time, so the kill lands mid-job.
const slowCorrect = `const start = Date.now(); while (Date.now() - start < 3000) {}\n${fs.readFileSync('test/fixtures/code/conv3x3.js', 'utf8')}`;

describe('a worker killed mid-job', () => {
  it('still ends with exactly one result', async () => {
    await queues.grade.obliterate({ force: true });
    const user = await makeUser(db);
    const exercise = await makeExercise(db, { id: 'conv3x3' });
    const sub = await db.submission.create({
      data: { userId: user.id, exerciseId: exercise.id, exerciseVersion: 'v1', kind: 'code', language: 'javascript', payload: slowCorrect },
    });
    const listener = await startResultListener({ db, queues, connection: () => workerConnection(url) });
    try {
      const env = { REDIS_URL: url, WORKER_QUEUES: 'grade', WORKER_LOCK_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000', GRADE_CONCURRENCY: '1' };
      const first = spawnWorker(env);
      workers.push(first);
      expect(await enqueueSubmission({ db, queues, submissionId: sub.id })).toBe(true);
      await waitFor('the job to start', async () => (await queues.grade.getJobState(sub.id)) === 'active');
      await waitFor('the submission to show running', async () => (await db.submission.findUnique({ where: { id: sub.id } }))?.status === 'running');
      await new Promise((r) => setTimeout(r, 1000));
      killGroup(first);
      await new Promise((r) => first.once('exit', r));
      expect(await db.result.count({ where: { submissionId: sub.id } })).toBe(0);

      workers.push(spawnWorker(env));
      const done = await waitFor(
        'the job to be graded by the second worker',
        async () => {
          const s = await db.submission.findUnique({ where: { id: sub.id } });
          return s?.status === 'graded' ? s : null;
        },
        120_000,
      );
      expect(done.score).toBe(done.maxScore);
      expect(await db.result.count({ where: { submissionId: sub.id } })).toBe(1);
      const job = await queues.grade.getJob(sub.id);
      expect(job?.attemptsMade ?? 0).toBeLessThanOrEqual(1);
    } finally {
      await listener.close();
    }
  }, 180_000);
});
