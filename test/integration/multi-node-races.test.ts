import { afterAll, describe, expect, it } from 'vitest';
import { postgresCluster, testPostgresDatabase } from '../helpers/test-db';
import { makeSubmission, makeUser, okResult } from '../helpers/fixtures';
import { createDb } from '../../lib/db';
import { syncContent } from '../../lib/sync/sync-content';
import { recordResult } from '../../lib/queue/recorder';
import { startExercise } from '../../lib/submissions/authored';

// What two nodes do to the same rows at the same moment, each through its own
// client (its own connections), as two services or web processes would, on
// PostgreSQL, where transactions really run side by side. (SQLite runs one
// writer at a time; test/integration/checklist-burst.test.ts covers it with
// several processes.) An upsert that reads, then inserts, fails here.

const cluster = postgresCluster();
const url = testPostgresDatabase(cluster.url);
const db = createDb(url);
const nodeA = createDb(url);
const nodeB = createDb(url);
afterAll(async () => {
  await Promise.all([db.$disconnect(), nodeA.$disconnect(), nodeB.$disconnect()]);
  cluster.stop();
});

describe('two nodes at once on PostgreSQL', () => {
  it('record two full-score results of one student: both recorded, one tick', async () => {
    await syncContent({ db });
    const week = await db.week.findFirstOrThrow();
    const item = await db.checklistItem.create({ data: { weekId: week.id, key: 'race-conv3x3', title: 'Conv3x3', exerciseId: 'conv3x3' } });
    for (let i = 0; i < 15; i++) {
      const u = await makeUser(db);
      const s1 = await makeSubmission(db, { userId: u.id, exerciseId: 'conv3x3' });
      const s2 = await makeSubmission(db, { userId: u.id, exerciseId: 'conv3x3' });
      const outcomes = await Promise.all([
        recordResult({ db: nodeA, submissionId: s1.id, run: 1, result: okResult() }),
        recordResult({ db: nodeB, submissionId: s2.id, run: 1, result: okResult() }),
      ]);
      expect(outcomes).toEqual(['recorded', 'recorded']);
      expect(await db.result.count({ where: { submissionId: { in: [s1.id, s2.id] } } })).toBe(2);
      expect(await db.checklistProgress.count({ where: { userId: u.id, itemId: item.id } })).toBe(1);
    }
  });

  it('record the same result twice: once recorded, once a duplicate', async () => {
    const u = await makeUser(db);
    const s = await makeSubmission(db, { userId: u.id, exerciseId: 'conv3x3' });
    const outcomes = await Promise.all([
      recordResult({ db: nodeA, submissionId: s.id, run: 1, result: okResult() }),
      recordResult({ db: nodeB, submissionId: s.id, run: 1, result: okResult() }),
    ]);
    expect(outcomes.sort()).toEqual(['duplicate', 'recorded']);
    expect(await db.result.count({ where: { submissionId: s.id } })).toBe(1);
  });

  it('start an exercise for one student from two pages at once: one start, one version', async () => {
    const exercise = await db.exercise.findFirstOrThrow();
    for (let i = 0; i < 15; i++) {
      const u = await makeUser(db);
      const versions = await Promise.all([
        startExercise({ db: nodeA, userId: u.id, exercise: { id: exercise.id, version: 'v1' } as never }),
        startExercise({ db: nodeB, userId: u.id, exercise: { id: exercise.id, version: 'v1' } as never }),
      ]);
      expect(versions).toEqual(['v1', 'v1']);
      expect(await db.exerciseStart.count({ where: { userId: u.id } })).toBe(1);
    }
  });
});
