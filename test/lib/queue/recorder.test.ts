import { beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../helpers/test-db';
import { makeExercise, makeSubmission, makeUser, okResult } from '../../helpers/fixtures';
import { markFailed, recordResult } from '../../../lib/queue/recorder';
import type { Db } from '../../../lib/db';

let db: Db;
beforeEach(() => {
  db = createTestDb().db;
});

describe('result recorder', () => {
  it('records a run once however often it is reported', async () => {
    const u = await makeUser(db);
    await makeExercise(db);
    const s = await makeSubmission(db, { userId: u.id, exerciseId: 'conv3x3' });
    const outcomes = await Promise.all([1, 2, 3].map(() => recordResult({ db, submissionId: s.id, run: 1, result: okResult(7) })));
    expect(outcomes.filter((o) => o === 'recorded')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(2);
    expect(await db.result.count({ where: { submissionId: s.id } })).toBe(1);
    const after = await db.submission.findUniqueOrThrow({ where: { id: s.id } });
    expect(after.status).toBe('graded');
    expect(after.score).toBe(7);
  });

  it('keeps history across regrades and marks only the latest current', async () => {
    const u = await makeUser(db);
    await makeExercise(db);
    const s = await makeSubmission(db, { userId: u.id, exerciseId: 'conv3x3' });
    await recordResult({ db, submissionId: s.id, run: 1, result: okResult(4) });
    await db.submission.update({ where: { id: s.id }, data: { run: 2, status: 'queued' } });
    await recordResult({ db, submissionId: s.id, run: 2, result: okResult(9) });
    // A late report of the old run must not overwrite the regrade.
    expect(await recordResult({ db, submissionId: s.id, run: 1, result: okResult(1) })).toBe('duplicate');
    const results = await db.result.findMany({ where: { submissionId: s.id }, orderBy: { createdAt: 'asc' } });
    expect(results.map((r) => [r.runKey, r.score, r.current])).toEqual([
      ['run-1', 4, false],
      ['run-2', 9, true],
    ]);
    expect((await db.submission.findUniqueOrThrow({ where: { id: s.id } })).score).toBe(9);
  });

  it('applies the late penalty to the stored score but keeps the raw result', async () => {
    const u = await makeUser(db);
    await makeExercise(db);
    const s = await makeSubmission(db, { userId: u.id, exerciseId: 'conv3x3' });
    await db.submission.update({ where: { id: s.id }, data: { latePenalty: 0.2 } });
    await recordResult({ db, submissionId: s.id, run: 1, result: okResult(10) });
    expect((await db.submission.findUniqueOrThrow({ where: { id: s.id } })).score).toBe(8);
    expect(JSON.parse((await db.result.findFirstOrThrow()).json).score).toBe(10);
  });

  it('completes the linked checklist item at full score only', async () => {
    const u = await makeUser(db);
    await makeExercise(db);
    const course = await db.course.create({ data: { slug: 'c', title: 'C' } });
    const week = await db.week.create({ data: { courseId: course.id, number: 1, title: 'W1' } });
    const item = await db.checklistItem.create({ data: { weekId: week.id, key: 'ex', title: 'Do it', exerciseId: 'conv3x3' } });
    const s1 = await makeSubmission(db, { userId: u.id, exerciseId: 'conv3x3' });
    await recordResult({ db, submissionId: s1.id, run: 1, result: okResult(5) });
    expect(await db.checklistProgress.count({ where: { itemId: item.id } })).toBe(0);
    const s2 = await makeSubmission(db, { userId: u.id, exerciseId: 'conv3x3' });
    await recordResult({ db, submissionId: s2.id, run: 1, result: okResult(10) });
    const p = await db.checklistProgress.findFirstOrThrow({ where: { itemId: item.id } });
    expect(p.source).toBe('auto');
  });

  it('marks a run failed only while it is still pending', async () => {
    const u = await makeUser(db);
    await makeExercise(db);
    const s = await makeSubmission(db, { userId: u.id, exerciseId: 'conv3x3' });
    await recordResult({ db, submissionId: s.id, run: 1, result: okResult(10) });
    await markFailed({ db, submissionId: s.id, run: 1, reason: 'late failure report' });
    expect((await db.submission.findUniqueOrThrow({ where: { id: s.id } })).status).toBe('graded');
  });

  it('rejects a result that breaks the contract', async () => {
    const u = await makeUser(db);
    await makeExercise(db);
    const s = await makeSubmission(db, { userId: u.id, exerciseId: 'conv3x3' });
    await expect(recordResult({ db, submissionId: s.id, run: 1, result: { score: 'x' } as never })).rejects.toThrow();
    expect(await db.result.count()).toBe(0);
  });
});
