import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestDb } from '../../helpers/test-db';
import { sessionUser } from '../../helpers/fixtures';
import { syncContent } from '../../../lib/sync/sync-content';
import { producerConnection } from '../../../lib/queue/connection';
import { openQueues } from '../../../lib/queue/producer';
import { submitWork } from '../../../lib/submissions/submit';
import { variantSeed } from '../../../lib/exercises/numeric';
import { testExercises, checkNumericAnswer, correctAnswer } from '../../helpers/exercises';
import type { SessionUser } from '../../../lib/auth/roles';
import type { Db } from '../../../lib/db';

// A numeric answer is stored as exactly the exercise's fields, parsed: extra
// keys (an 11 MiB one was once stored as sent) never reach the database.

const queues = openQueues(producerConnection(`${inject('redisUrl')}/4`));
afterAll(() => queues.close());

let db: Db;
let student: SessionUser;
beforeEach(async () => {
  db = createTestDb().db;
  await syncContent({ db });
  student = await sessionUser(db, 'student');
});

describe('the stored numeric answer', () => {
  it('holds the parsed fields only, and still grades the same', async () => {
    const seed = variantSeed(student.id, 'conv-output-size');
    const right = correctAnswer('conv-output-size', seed) as Record<string, number>;
    const typed = Object.fromEntries(Object.entries(right).map(([k, v]) => [k, ` ${v} `]));
    const body = { answer: { ...typed, junk: 'x'.repeat(1024 * 1024), __proto__x: { deep: [1, 2] } }, alsoJunk: 'y'.repeat(1000) };
    const out = await submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: 'conv-output-size', body });
    const row = await db.submission.findUniqueOrThrow({ where: { id: out.submissionId } });
    const stored = JSON.parse(row.payload) as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(Object.keys(right).sort());
    expect(stored).toEqual(right);
    expect(row.payload.length).toBeLessThan(200);
    // A regrade reads this payload: it must grade exactly as the original did.
    const again = checkNumericAnswer({ exerciseId: 'conv-output-size', seed, raw: stored });
    expect(again.kind === 'graded' && again.result.score).toBe(again.kind === 'graded' && again.result.max_score);
  });

  it('drops extra keys when the answer is posted without the answer wrapper too', async () => {
    const right = correctAnswer('conv-output-size', variantSeed(student.id, 'conv-output-size')) as Record<string, number>;
    const out = await submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: 'conv-output-size', body: { ...right, extra: 'z'.repeat(5000) } });
    const row = await db.submission.findUniqueOrThrow({ where: { id: out.submissionId } });
    expect(JSON.parse(row.payload)).toEqual(right);
  });
});
