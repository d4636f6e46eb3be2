import { beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../helpers/test-db';
import { makeExercise, makeSubmission, makeUser, okResult } from '../../helpers/fixtures';
import { recordResult } from '../../../lib/queue/recorder';
import { submissionView } from '../../../lib/submissions/view';
import { studentDeadline } from '../../../lib/submissions/policy';
import type { SessionUser } from '../../../lib/auth/roles';
import type { Db } from '../../../lib/db';
import { testExercises } from '../../helpers/exercises';

// After-deadline material (hidden test outputs, worked solutions) must wait
// until this student can no longer submit: past their extension and the late window.

const HOUR = 3_600_000;
const rules = (deadline: Date | null, lateWindowHours = 0) => ({
  id: 'x', deadline, lateWindowHours, latePenaltyPercentPerDay: 10, maxAttempts: null, cooldownMinutes: 0, dailyCap: null,
});

describe('studentDeadline', () => {
  const d = new Date('2026-03-08T16:59:00Z');
  it('is null without a deadline', () => {
    expect(studentDeadline({ exercise: rules(null) })).toBeNull();
  });
  it('closes after the late window', () => {
    expect(studentDeadline({ exercise: rules(d, 48) })).toEqual({ dueAt: d, closesAt: new Date(d.getTime() + 48 * HOUR) });
  });
  it('moves both with an extension, never earlier', () => {
    const later = new Date(d.getTime() + 24 * HOUR);
    expect(studentDeadline({ exercise: rules(d, 2), extension: { deadline: later } })).toEqual({ dueAt: later, closesAt: new Date(later.getTime() + 2 * HOUR) });
    const earlier = new Date(d.getTime() - 24 * HOUR);
    expect(studentDeadline({ exercise: rules(d), extension: { deadline: earlier } })?.dueAt).toEqual(d);
  });
});

describe('after-deadline tests on the submission page', () => {
  let db: Db;
  let student: SessionUser;
  let submissionId: string;
  beforeEach(async () => {
    db = createTestDb().db;
    await makeExercise(db);
    const u = await makeUser(db);
    student = { id: u.id, email: u.email, name: u.name, role: 'student' };
    const sub = await makeSubmission(db, { userId: u.id, exerciseId: 'conv3x3' });
    submissionId = sub.id;
    const result = okResult(5, 10);
    result.tests.push({ name: 'backprop on a 9×9 image', score: 0, max_score: 5, status: 'failed', output: 'first mismatch at [0, 1]', visibility: 'after_due_date' });
    await recordResult({ db, submissionId, run: 1, result });
  });
  const names = async () => (await submissionView({ exercises: testExercises, db, user: student, submissionId })).result!.tests.map((t) => t.name);

  it('stay hidden while late submissions are still accepted', async () => {
    await db.exercise.update({ where: { id: 'conv3x3' }, data: { deadline: new Date(Date.now() - HOUR), lateWindowHours: 24 } });
    expect(await names()).toEqual(['forward values', 'Hidden test 1']);
  });
  it('stay hidden for a student whose extension runs on', async () => {
    await db.exercise.update({ where: { id: 'conv3x3' }, data: { deadline: new Date(Date.now() - HOUR) } });
    await db.extension.create({ data: { userId: student.id, exerciseId: 'conv3x3', deadline: new Date(Date.now() + HOUR) } });
    expect(await names()).toEqual(['forward values', 'Hidden test 1']);
  });
  it('show once submissions are closed', async () => {
    await db.exercise.update({ where: { id: 'conv3x3' }, data: { deadline: new Date(Date.now() - 3 * HOUR), lateWindowHours: 2 } });
    expect(await names()).toEqual(['forward values', 'backprop on a 9×9 image']);
  });
});
