import { afterAll, afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestDb } from '../../helpers/test-db';
import { sessionUser } from '../../helpers/fixtures';
import { testLimits } from '../../helpers/limits';
import { submitErrorOf } from '../../helpers/submit-error';
import { syncContent } from '../../../lib/sync/sync-content';
import { producerConnection } from '../../../lib/queue/connection';
import { openQueues } from '../../../lib/queue/producer';
import { submitWork } from '../../../lib/submissions/submit';
import { describeExerciseUse } from '../../../lib/rate-limit/exercise-limits';
import { updateExerciseSettings } from '../../../lib/instructor/exercise-settings';
import type { SessionUser } from '../../../lib/auth/roles';
import type { Db } from '../../../lib/db';
import { testExercises } from '../../helpers/exercises';

// Per-hour limits on numeric answers and visible-test runs, counted in the suite's real redis-server.
const queues = openQueues(producerConnection(`${inject('redisUrl')}/5`));
afterAll(() => queues.close());

let db: Db;
let student: SessionUser;
let instructor: SessionUser;
let t: ReturnType<typeof testLimits>;
beforeEach(async () => {
  db = createTestDb().db;
  await syncContent({ db });
  student = await sessionUser(db, 'student');
  instructor = await sessionUser(db, 'instructor');
  t = testLimits();
});
afterEach(() => t.close());

const NUMERIC = 'conv-output-size';
const wrong = { answer: { height: '1', width: '1', channels: '1' } };
const setLimits = async (exerciseId: string, extra: Record<string, unknown>) => {
  const current = await db.exercise.findUniqueOrThrow({ where: { id: exerciseId } });
  await updateExerciseSettings({
    db,
    user: instructor,
    exerciseId,
    input: { deadline: null, lateWindowHours: 0, latePenaltyPercentPerDay: 0, maxAttempts: null, cooldownMinutes: 0, dailyCap: null, revealPrivate: current.revealPrivate, ...extra },
  });
};

describe('numeric answers per student per hour', () => {
  it('are limited by the instructor\'s number; the refused one stores nothing and says when to try again', async () => {
    await setLimits(NUMERIC, { answersPerHour: 3 });
    const ex = await db.exercise.findUniqueOrThrow({ where: { id: NUMERIC } });
    expect(await describeExerciseUse({ limits: t.limits, use: 'answer', userId: student.id, exercise: ex })).toBe('3 of 3 answers left this hour');
    for (let i = 0; i < 3; i++) await submitWork({ exercises: testExercises, db, queues, limits: t.limits, user: student, exerciseId: NUMERIC, body: wrong });
    const e = await submitErrorOf(submitWork({ exercises: testExercises, db, queues, limits: t.limits, user: student, exerciseId: NUMERIC, body: wrong }));
    expect(e.code).toBe('rate_limited');
    expect(e.message).toMatch(/this hour's 3 answers for this exercise\. Try again in (1 hour|\d+ minutes)\./);
    expect(e.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(await db.submission.count()).toBe(3);
    expect(await describeExerciseUse({ limits: t.limits, use: 'answer', userId: student.id, exercise: ex })).toMatch(/^0 of 3 answers left this hour \(more in/);
    // Another student is not affected.
    const other = await sessionUser(db, 'student');
    await submitWork({ exercises: testExercises, db, queues, limits: t.limits, user: other, exerciseId: NUMERIC, body: wrong });
  });

  it('default to 10 an hour, and malformed answers are not counted', async () => {
    const bad = { answer: { height: 'twelve', width: '1', channels: '1' } };
    for (let i = 0; i < 12; i++) expect((await submitErrorOf(submitWork({ exercises: testExercises, db, queues, limits: t.limits, user: student, exerciseId: NUMERIC, body: bad }))).code).toBe('invalid_input');
    for (let i = 0; i < 10; i++) await submitWork({ exercises: testExercises, db, queues, limits: t.limits, user: student, exerciseId: NUMERIC, body: wrong });
    expect((await submitErrorOf(submitWork({ exercises: testExercises, db, queues, limits: t.limits, user: student, exerciseId: NUMERIC, body: wrong }))).code).toBe('rate_limited');
  });
});

describe('visible-test runs per student per hour', () => {
  it('are limited apart from graded submissions, which keep their own attempt rules', async () => {
    await setLimits('conv3x3', { visibleRunsPerHour: 2 });
    const run = { language: 'python', source: 'class Conv3x3: pass', mode: 'visible' };
    await submitWork({ exercises: testExercises, db, queues, limits: t.limits, user: student, exerciseId: 'conv3x3', body: run });
    await submitWork({ exercises: testExercises, db, queues, limits: t.limits, user: student, exerciseId: 'conv3x3', body: run });
    const e = await submitErrorOf(submitWork({ exercises: testExercises, db, queues, limits: t.limits, user: student, exerciseId: 'conv3x3', body: run }));
    expect(e.code).toBe('rate_limited');
    expect(e.message).toMatch(/2 visible-test runs/);
    expect(await db.submission.count({ where: { mode: 'visible' } })).toBe(2);
    // A graded submission is not a visible run.
    const graded = await submitWork({ exercises: testExercises, db, queues, limits: t.limits, user: student, exerciseId: 'conv3x3', body: { ...run, mode: 'submit' } });
    expect(graded.status).toBe('queued');
  });

  it('the instructor\'s settings show and keep the numbers', async () => {
    await setLimits('conv3x3', { visibleRunsPerHour: 5, uploadedWeightsBoard: 'hidden' });
    const view = await updateExerciseSettings({ db, user: instructor, exerciseId: 'conv3x3', input: { deadline: null, lateWindowHours: 0, latePenaltyPercentPerDay: 0, maxAttempts: null, cooldownMinutes: 0, dailyCap: null, revealPrivate: false } });
    // Left out of the input: unchanged.
    expect(view.settings).toMatchObject({ visibleRunsPerHour: 5, answersPerHour: 10, uploadedWeightsBoard: 'hidden' });
    const bad = await updateExerciseSettings({ db, user: instructor, exerciseId: 'conv3x3', input: { deadline: null, lateWindowHours: 0, latePenaltyPercentPerDay: 0, maxAttempts: null, cooldownMinutes: 0, dailyCap: null, revealPrivate: false, visibleRunsPerHour: 0 } }).catch((e) => e);
    expect(bad.code).toBe('invalid_input');
  });
});
