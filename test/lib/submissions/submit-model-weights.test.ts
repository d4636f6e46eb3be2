import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestDb } from '../../helpers/test-db';
import { sessionUser } from '../../helpers/fixtures';
import { syncContent } from '../../../lib/sync/sync-content';
import { producerConnection } from '../../../lib/queue/connection';
import { openQueues } from '../../../lib/queue/producer';
import { submitWork } from '../../../lib/submissions/submit';
import type { SessionUser } from '../../../lib/auth/roles';
import type { Db } from '../../../lib/db';
import { submitErrorOf } from '../../helpers/submit-error';
import { testExercises } from '../../helpers/exercises';

// Uploaded tfjs weights are checked against model.json before a row or job exists:
// a missing shard must not cost a place in the queue (or an attempt).

const queues = openQueues(producerConnection(`${inject('redisUrl')}/5`));
afterAll(() => queues.close());

const topology = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/models/seed-keras3.json'), 'utf8'));
const modelJson = JSON.stringify({
  format: 'layers-model',
  modelTopology: topology,
  weightsManifest: [
    {
      paths: ['group1-shard1of1.bin'],
      weights: [
        { name: 'conv2d/kernel', shape: [3, 3, 1, 8], dtype: 'float32' },
        { name: 'dense/kernel', shape: [1352, 10], dtype: 'float32' },
        { name: 'dense/bias', shape: [10], dtype: 'float32' },
      ],
    },
  ],
});
const shard = (bytes: number) => ({ 'group1-shard1of1.bin': Buffer.alloc(bytes).toString('base64') });

let db: Db;
let student: SessionUser;
beforeEach(async () => {
  db = createTestDb().db;
  await syncContent({ db });
  student = await sessionUser(db, 'student');
});

const submitError = (weights: Record<string, string>) =>
  submitErrorOf(submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: 'mnist-challenge', body: { format: 'tfjs', content: modelJson, weights } }));

describe('submitting tfjs weights', () => {
  it('refuses a missing weight file by name, storing nothing', async () => {
    const e = await submitError({});
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/weight file "group1-shard1of1.bin" listed in model.json was not uploaded/);
    expect(await db.submission.count()).toBe(0);
  });

  it('refuses a file whose size does not match the manifest', async () => {
    const e = await submitError(shard(1000));
    expect(e.message).toMatch(/"group1-shard1of1.bin" holds 1,000 bytes but model.json describes 54,408/);
    expect(await db.submission.count()).toBe(0);
  });

  it('queues a complete upload', async () => {
    const out = await submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: 'mnist-challenge', body: { format: 'tfjs', content: modelJson, weights: shard(54_408) } });
    expect(out.status).toBe('queued');
    expect(await db.submission.count()).toBe(1);
  });
});
