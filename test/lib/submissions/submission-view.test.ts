import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/errors';
import { createTestDb } from '../../helpers/test-db';
import { makeSubmission, sessionUser } from '../../helpers/fixtures';
import { syncContent } from '../../../lib/sync/sync-content';
import { submissionView } from '../../../lib/submissions/view';
import { type SessionUser } from '../../../lib/auth/roles';
import type { Db } from '../../../lib/db';
import { testExercises } from '../../helpers/exercises';

// What the submission page shows of the submitted work, and to whom.

let db: Db;
let alice: SessionUser;
let bob: SessionUser;
let teacher: SessionUser;
beforeEach(async () => {
  db = createTestDb().db;
  await syncContent({ db });
  alice = await sessionUser(db, 'student', 'Alice');
  bob = await sessionUser(db, 'student', 'Bob');
  teacher = await sessionUser(db, 'instructor', 'Teacher');
});

describe('submissionView: what was submitted', () => {
  it('shows the code and its diff to the same student’s attempt before, not another student’s', async () => {
    await makeSubmission(db, { userId: bob.id, exerciseId: 'conv3x3', source: 'bob = 1\n' });
    const first = await makeSubmission(db, { userId: alice.id, exerciseId: 'conv3x3', source: 'a = 1\nb = 2\n' });
    await db.submission.update({ where: { id: first.id }, data: { createdAt: new Date(Date.now() - 60_000) } });
    const second = await makeSubmission(db, { userId: alice.id, exerciseId: 'conv3x3', source: 'a = 1\nb = 3\nc = 4\n' });

    const v1 = await submissionView({ exercises: testExercises, db, user: alice, submissionId: first.id });
    expect(v1.work).toMatchObject({ kind: 'code', language: 'python', source: 'a = 1\nb = 2\n', diff: null });
    const v2 = await submissionView({ exercises: testExercises, db, user: alice, submissionId: second.id });
    if (v2.work.kind !== 'code' || !v2.work.diff) throw new Error('expected a code diff');
    expect(v2.work.diff).toMatchObject({ previousId: first.id, added: 2, removed: 1 });
    expect(v2.studentName).toBe('Alice');
    expect(v2.timeZone).toBe('Asia/Ho_Chi_Minh');
  });

  it('puts numeric answers beside the labels of the student’s own variant', async () => {
    const sub = await db.submission.create({
      data: { userId: alice.id, exerciseId: 'conv-output-size', exerciseVersion: 'v1', kind: 'numeric', payload: JSON.stringify({ height: '12', width: '7', channels: '4' }), status: 'graded' },
    });
    const v = await submissionView({ exercises: testExercises, db, user: teacher, submissionId: sub.id });
    if (v.work.kind !== 'numeric') throw new Error('expected numeric work');
    expect(v.work.answers).toEqual([
      { name: 'height', label: 'Output height', unit: undefined, value: '12' },
      { name: 'width', label: 'Output width', unit: undefined, value: '7' },
      { name: 'channels', label: 'Output channels', unit: undefined, value: '4' },
    ]);
    expect(v.work.prompt).toBeTruthy();
    // Looking is read-only: an instructor viewing does not start the exercise for the student.
    expect(await db.exerciseStart.count({ where: { userId: alice.id } })).toBe(0);
  });

  it('a student sees only their own submissions; an instructor sees all', async () => {
    const sub = await makeSubmission(db, { userId: alice.id, exerciseId: 'conv3x3', source: 'secret = 42\n' });
    await expect(submissionView({ exercises: testExercises, db, user: bob, submissionId: sub.id })).rejects.toMatchObject({ code: 'not_found' });
    await expect(submissionView({ exercises: testExercises, db, user: bob, submissionId: sub.id })).rejects.toBeInstanceOf(AppError);
    expect((await submissionView({ exercises: testExercises, db, user: alice, submissionId: sub.id })).work).toMatchObject({ source: 'secret = 42\n' });
    expect((await submissionView({ exercises: testExercises, db, user: teacher, submissionId: sub.id })).work).toMatchObject({ source: 'secret = 42\n' });
  });
});
