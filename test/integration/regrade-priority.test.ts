import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Worker } from 'bullmq';
import { createTestDb } from '../helpers/test-db';
import { makeSubmission, okResult } from '../helpers/fixtures';
import { syncContent } from '../../lib/sync/sync-content';
import { producerConnection, workerConnection } from '../../lib/queue/connection';
import { openQueues, type Queues } from '../../lib/queue/producer';
import { recordResult } from '../../lib/queue/recorder';
import { QUEUE_GRADE } from '../../lib/queue/contract';
import { regradeExercise } from '../../lib/instructor/regrade';
import { submitWork } from '../../lib/submissions/submit';
import type { SessionUser } from '../../lib/auth/roles';
import type { Db } from '../../lib/db';
import { sessionUser } from '../lib/instructor/helpers';
import { testExercises } from '../helpers/exercises';

// A regrade-all after a fix must not hold up students: its jobs go to the
// queue with a lower priority, so a worker takes a new submission first even
// when it arrives behind a pile of regrades. Real Redis, real BullMQ worker;
// the processor only records the order in which the worker takes jobs.

const url = `${inject('redisUrl')}/14`;
let queues: Queues;
let db: Db;
beforeAll(async () => {
  queues = openQueues(producerConnection(url));
  await queues.grade.obliterate({ force: true });
  db = createTestDb().db;
  await syncContent({ db });
});
afterAll(() => queues.close());

describe('regrade priority', () => {
  it('a new submission is graded before queued regrades', async () => {
    const instructor = await sessionUser(db, 'instructor');
    const students: SessionUser[] = [];
    for (let i = 0; i < 4; i++) {
      const s = await sessionUser(db, 'student', `S${i}`);
      students.push(s);
      const sub = await makeSubmission(db, { userId: s.id, exerciseId: 'conv3x3' });
      await recordResult({ db, submissionId: sub.id, run: 1, result: okResult(4, 10) });
    }
    const regrade = await regradeExercise({ exercises: testExercises, db, queues, user: instructor, exerciseId: 'conv3x3' });
    expect(regrade.queued).toBe(4);
    const late = await submitWork({ exercises: testExercises, db, queues, user: students[0]!, exerciseId: 'conv3x3', body: { language: 'python', source: 'print(1)' } });
    expect(late.queued).toBe(true);

    const order: string[] = [];
    const worker = new Worker(QUEUE_GRADE, async (job) => void order.push(job.data.submissionId as string), { connection: workerConnection(url), concurrency: 1 });
    try {
      await expect.poll(() => order.length, { timeout: 30_000 }).toBe(5);
    } finally {
      await worker.close();
    }
    expect(order[0]).toBe(late.submissionId);
  });
});
