import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestDb } from '../../helpers/test-db';
import { syncContent } from '../../../lib/sync/sync-content';
import { producerConnection } from '../../../lib/queue/connection';
import { openQueues } from '../../../lib/queue/producer';
import { submitWork } from '../../../lib/submissions/submit';
import { AppError } from '../../../lib/errors';
import { exerciseSettings, removeExtension, setExtension, updateExerciseSettings } from '../../../lib/instructor/exercise-settings';
import { variantSeed } from '../../../lib/exercises/numeric';
import { testExercises, correctAnswer } from '../../helpers/exercises';
import type { SessionUser } from '../../../lib/auth/roles';
import type { Db } from '../../../lib/db';
import { sessionUser } from './helpers';

// Settings typed by the instructor, then real submissions through submitWork.
// The course time zone is Asia/Ho_Chi_Minh (UTC+7, no DST).

const queues = openQueues(producerConnection(`${inject('redisUrl')}/13`));
afterAll(() => queues.close());

const EX = 'conv-output-size';
const HOUR = 3_600_000;
let db: Db;
let instructor: SessionUser;
let student: SessionUser;
let max: number;
beforeEach(async () => {
  db = createTestDb().db;
  await syncContent({ db });
  instructor = await sessionUser(db, 'instructor');
  student = await sessionUser(db, 'student');
  max = (await db.exercise.findUniqueOrThrow({ where: { id: EX } })).points;
});

const settings = (over: Record<string, unknown> = {}) => ({
  deadline: '2026-03-10T23:59',
  lateWindowHours: 48,
  latePenaltyPercentPerDay: 10,
  maxAttempts: null,
  cooldownMinutes: 0,
  dailyCap: null,
  revealPrivate: false,
  ...over,
});
const submit = (user: SessionUser, at: string) =>
  submitWork({ exercises: testExercises, db, queues, user, exerciseId: EX, body: { answer: correctAnswer(EX, variantSeed(user.id, EX)) }, now: new Date(at) });
const score = async (id: string) => (await db.submission.findUniqueOrThrow({ where: { id } })).score;

describe('deadlines and extensions set by the instructor', () => {
  it('stores the deadline typed in the course time zone as the right instant and shows it back', async () => {
    const view = await updateExerciseSettings({ db, user: instructor, exerciseId: EX, input: settings() });
    expect((await db.exercise.findUniqueOrThrow({ where: { id: EX } })).deadline?.toISOString()).toBe('2026-03-10T16:59:00.000Z');
    expect(view.deadlineLocal).toBe('2026-03-10T23:59');
    expect(view.deadlineShown).toBe('2026-03-10 23:59 GMT+7');
    const cleared = await updateExerciseSettings({ db, user: instructor, exerciseId: EX, input: settings({ deadline: null }) });
    expect(cleared.deadlineShown).toBeNull();
  });

  it('rejects bad settings with a message per field and changes nothing', async () => {
    const before = await db.exercise.findUniqueOrThrow({ where: { id: EX } });
    const err = await updateExerciseSettings({ db, user: instructor, exerciseId: EX, input: settings({ latePenaltyPercentPerDay: 150, deadline: '10/03/2026' }) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(Object.keys((err as AppError).details.fieldErrors!).sort()).toEqual(['deadline', 'latePenaltyPercentPerDay']);
    expect(await db.exercise.findUniqueOrThrow({ where: { id: EX } })).toEqual(before);
  });

  it('applies the late penalty per started day in a real submit, and closes after the late window', async () => {
    await updateExerciseSettings({ db, user: instructor, exerciseId: EX, input: settings() });
    const onTime = await submit(student, '2026-03-10T16:59:00.000Z'); // the deadline instant itself is on time
    expect(await score(onTime.submissionId)).toBe(max);
    const oneDay = await submit(student, '2026-03-10T17:00:00.000Z'); // 1 minute late = 1 started day
    expect(await score(oneDay.submissionId)).toBeCloseTo(max * 0.9, 6);
    const twoDays = await submit(student, new Date(Date.parse('2026-03-10T16:59:00Z') + 24 * HOUR + 1000).toISOString());
    expect(await score(twoDays.submissionId)).toBeCloseTo(max * 0.8, 6);
    expect((await db.submission.findUniqueOrThrow({ where: { id: twoDays.submissionId } })).latePenalty).toBeCloseTo(0.2, 9);
    const closed = await submit(student, new Date(Date.parse('2026-03-10T16:59:00Z') + 48 * HOUR + 1000).toISOString()).catch((e: unknown) => e);
    expect((closed as AppError).code).toBe('conflict');
    expect(await db.submission.count()).toBe(3);
  });

  it('an extension moves the deadline and the late window for that student only; removing it restores both', async () => {
    await updateExerciseSettings({ db, user: instructor, exerciseId: EX, input: settings() });
    const other = await sessionUser(db, 'student');
    const view = await setExtension({ db, user: instructor, exerciseId: EX, input: { studentId: student.id, deadline: '2026-03-13T23:59' } });
    expect(view.extensions).toEqual([expect.objectContaining({ studentId: student.id, deadlineShown: '2026-03-13 23:59 GMT+7' })]);
    // 2026-03-12 12:00 UTC: 43 h after the exercise deadline, before the extended one
    const mine = await submit(student, '2026-03-12T12:00:00Z');
    const theirs = await submit(other, '2026-03-12T12:00:00Z');
    expect(await score(mine.submissionId)).toBe(max);
    expect(await score(theirs.submissionId)).toBeCloseTo(max * 0.8, 6);
    // late window follows the extension: 30 h after the extended deadline is late (−20 %), not closed
    const lateExt = await submit(student, new Date(Date.parse('2026-03-13T16:59:00Z') + 30 * HOUR).toISOString());
    expect(await score(lateExt.submissionId)).toBeCloseTo(max * 0.8, 6);
    await removeExtension({ db, user: instructor, exerciseId: EX, studentId: student.id });
    expect((await exerciseSettings({ db, user: instructor, exerciseId: EX })).extensions).toEqual([]);
    const after = await submit(student, '2026-03-12T12:00:00Z').catch((e: unknown) => e);
    expect(await score((after as { submissionId: string }).submissionId)).toBeCloseTo(max * 0.8, 6);
  });

  it('attempt limits set in the UI hold in a real submit', async () => {
    await updateExerciseSettings({ db, user: instructor, exerciseId: EX, input: settings({ deadline: null, maxAttempts: 2, dailyCap: 1 }) });
    await submit(student, '2026-03-01T10:00:00Z');
    const sameDay = await submit(student, '2026-03-01T16:00:00Z').catch((e: unknown) => e); // 23:00 local, same day
    expect((sameDay as AppError).code).toBe('rate_limited');
    await submit(student, '2026-03-01T17:30:00Z'); // 00:30 local the next day
    const third = await submit(student, '2026-03-05T10:00:00Z').catch((e: unknown) => e);
    expect((third as AppError).message).toMatch(/all 2 attempts/);
    expect(await db.submission.count()).toBe(2);
  });
});
