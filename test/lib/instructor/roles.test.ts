import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AppError } from '../../../lib/errors';
import { createTestDb } from '../../helpers/test-db';
import { makeSubmission, okResult } from '../../helpers/fixtures';
import { syncContent } from '../../../lib/sync/sync-content';
import { producerConnection } from '../../../lib/queue/connection';
import { openQueues } from '../../../lib/queue/producer';
import { recordResult } from '../../../lib/queue/recorder';
import { type SessionUser } from '../../../lib/auth/roles';
import { exerciseSettings, removeExtension, setExtension, updateExerciseSettings } from '../../../lib/instructor/exercise-settings';
import { regradeExercise, regradeSubmission } from '../../../lib/instructor/regrade';
import { studentHistory } from '../../../lib/instructor/student-history';
import { exerciseStats } from '../../../lib/instructor/exercise-stats';
import { gradesCsv, submissionResultsJson } from '../../../lib/instructor/exports';
import { exerciseSimilarity } from '../../../lib/instructor/similarity';
import { archiveAuthoredExercise, authoredFile, authoredForEdit, saveAuthoredExercise } from '../../../lib/instructor/authored-exercises';
import { applyChecklistAction, checklistAdmin } from '../../../lib/instructor/checklist-admin';
import type { Db } from '../../../lib/db';
import { convDef, sessionUser, snapshot } from './helpers';
import { testExercises } from '../../helpers/exercises';

// Every instructor action, called by a student (403) and by nobody (401):
// it throws before touching anything, so every table is byte-for-byte the same.

const queues = openQueues(producerConnection(`${inject('redisUrl')}/11`));
afterAll(() => queues.close());

let db: Db;
let instructor: SessionUser;
let student: SessionUser;
let subId: string;
let weekId: string;
let itemId: string;

beforeAll(async () => {
  db = createTestDb().db;
  await syncContent({ db });
  instructor = await sessionUser(db, 'instructor');
  student = await sessionUser(db, 'student');
  const sub = await makeSubmission(db, { userId: student.id, exerciseId: 'conv3x3' });
  await recordResult({ db, submissionId: sub.id, run: 1, result: okResult(6, 10) });
  subId = sub.id;
  await saveAuthoredExercise({ db, user: instructor, input: convDef() });
  const admin = await applyChecklistAction({ db, user: instructor, input: { op: 'add-item', weekId: (await db.week.findFirstOrThrow({ where: { number: 1 } })).id, title: 'Read chapter 1' } });
  itemId = admin!.weeks[0]!.items.find((i) => i.title === 'Read chapter 1')!.id;
  // week titles from course.yaml are edited in the file, so renaming needs a week made in the UI
  const withWeek = await applyChecklistAction({ db, user: instructor, input: { op: 'add-week', number: 41, title: 'Projects' } });
  weekId = withWeek!.weeks.find((w) => w.number === 41)!.id;
});

const actions: [string, (user: SessionUser | null) => Promise<unknown>][] = [
  ['exerciseSettings', (user) => exerciseSettings({ db, user, exerciseId: 'conv3x3' })],
  [
    'updateExerciseSettings',
    (user) =>
      updateExerciseSettings({
        db,
        user,
        exerciseId: 'conv3x3',
        input: { deadline: '2030-01-01T00:00', lateWindowHours: 1, latePenaltyPercentPerDay: 5, maxAttempts: 1, cooldownMinutes: 0, dailyCap: null, revealPrivate: true },
      }),
  ],
  ['setExtension', (user) => setExtension({ db, user, exerciseId: 'conv3x3', input: { studentId: student.id, deadline: '2031-01-01T00:00' } })],
  ['removeExtension', (user) => removeExtension({ db, user, exerciseId: 'conv3x3', studentId: student.id })],
  ['regradeSubmission', (user) => regradeSubmission({ exercises: testExercises, db, queues, user, submissionId: subId })],
  ['regradeExercise', (user) => regradeExercise({ exercises: testExercises, db, queues, user, exerciseId: 'conv3x3' })],
  ['studentHistory', (user) => studentHistory({ db, user, studentId: student.id })],
  ['exerciseStats', (user) => exerciseStats({ db, user, exerciseId: 'conv3x3' })],
  ['gradesCsv', (user) => gradesCsv({ db, user, format: 'canvas' })],
  ['submissionResultsJson', (user) => submissionResultsJson({ db, user, submissionId: subId })],
  ['exerciseSimilarity', (user) => exerciseSimilarity({ db, user, exerciseId: 'conv3x3' })],
  ['saveAuthoredExercise', (user) => saveAuthoredExercise({ db, user, input: convDef({ id: 'student-made', title: 'Sneaky' }) })],
  ['saveAuthoredExercise (edit)', (user) => saveAuthoredExercise({ db, user, input: convDef({ title: 'Changed by a student' }) })],
  ['authoredForEdit', (user) => authoredForEdit({ db, user, exerciseId: 'editor-conv-out' })],
  ['authoredFile', (user) => authoredFile({ db, user, exerciseId: 'editor-conv-out' })],
  ['archiveAuthoredExercise', (user) => archiveAuthoredExercise({ db, user, exerciseId: 'editor-conv-out', input: { archived: true } })],
  ['checklistAdmin', (user) => checklistAdmin({ db, user })],
  ['add-week', (user) => applyChecklistAction({ db, user, input: { op: 'add-week', number: 40, title: 'Extra' } })],
  ['rename-week', (user) => applyChecklistAction({ db, user, input: { op: 'rename-week', weekId, title: 'Hacked' } })],
  ['add-item', (user) => applyChecklistAction({ db, user, input: { op: 'add-item', weekId, title: 'Free points' } })],
  ['rename-item', (user) => applyChecklistAction({ db, user, input: { op: 'rename-item', itemId, title: 'Hacked' } })],
  ['remove-item', (user) => applyChecklistAction({ db, user, input: { op: 'remove-item', itemId } })],
];

describe('instructor actions refuse students', () => {
  it.each(actions)('%s: a student gets 403 and nothing changes', async (_name, action) => {
    const before = await snapshot(db);
    const jobsBefore = await queues.grade.getJobCounts();
    const err = await action(student).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('forbidden');
    expect(await snapshot(db)).toBe(before);
    expect(await queues.grade.getJobCounts()).toEqual(jobsBefore);
  });

  it.each(actions)('%s: without a session it is 401 and nothing changes', async (_name, action) => {
    const before = await snapshot(db);
    const err = await action(null).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('unauthenticated');
    expect(await snapshot(db)).toBe(before);
  });

  it('the same actions work for an instructor (so the checks above are not vacuous)', async () => {
    for (const [name, action] of actions) {
      await expect(action(instructor), name).resolves.toBeDefined();
    }
    const ex = await db.exercise.findUniqueOrThrow({ where: { id: 'conv3x3' } });
    expect(ex.maxAttempts).toBe(1);
    expect(await db.exercise.findUnique({ where: { id: 'student-made' } })).not.toBeNull();
  });
});
