import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestDb } from '../../helpers/test-db';
import { makeSubmission, okResult } from '../../helpers/fixtures';
import { syncContent } from '../../../lib/sync/sync-content';
import { producerConnection } from '../../../lib/queue/connection';
import { openQueues } from '../../../lib/queue/producer';
import { recordResult } from '../../../lib/queue/recorder';
import { REGRADE_PRIORITY, jobIdFor } from '../../../lib/queue/contract';
import { submitWork } from '../../../lib/submissions/submit';
import { regradeExercise, regradeSubmission } from '../../../lib/instructor/regrade';
import { saveAuthoredExercise } from '../../../lib/instructor/authored-exercises';
import { authoredAnswer, authoredParams } from '../../../lib/authoring';
import { variantSeed } from '../../../lib/exercises/numeric';
import { testExercises, correctAnswer } from '../../helpers/exercises';
import type { SessionUser } from '../../../lib/auth/roles';
import type { Db } from '../../../lib/db';
import { convDef, sessionUser } from './helpers';

const queues = openQueues(producerConnection(`${inject('redisUrl')}/12`));
afterAll(() => queues.close());

let db: Db;
let instructor: SessionUser;
let student: SessionUser;
beforeEach(async () => {
  db = createTestDb().db;
  await syncContent({ db });
  instructor = await sessionUser(db, 'instructor');
  student = await sessionUser(db, 'student');
});

describe('regrading', () => {
  it('sends a code submission back to the queue as run 2 with the regrade priority, keeping run 1', async () => {
    const sub = await makeSubmission(db, { userId: student.id, exerciseId: 'conv3x3' });
    await recordResult({ db, submissionId: sub.id, run: 1, result: okResult(4, 10) });
    const out = await regradeSubmission({ exercises: testExercises, db, queues, user: instructor, submissionId: sub.id });
    expect(out).toMatchObject({ run: 2, status: 'queued', queued: true });
    const job = await queues.grade.getJob(jobIdFor(sub.id, 2));
    expect(job?.data).toMatchObject({ submissionId: sub.id, run: 2 });
    expect(job?.opts.priority).toBe(REGRADE_PRIORITY);
    const row = await db.submission.findUniqueOrThrow({ where: { id: sub.id } });
    expect(row).toMatchObject({ run: 2, status: 'queued', score: 4 });

    // The worker reports run 2: a second Result row, the first kept and no longer current.
    await recordResult({ db, submissionId: sub.id, run: 2, result: okResult(10, 10) });
    const results = await db.result.findMany({ where: { submissionId: sub.id }, orderBy: { runKey: 'asc' } });
    expect(results.map((r) => [r.runKey, r.score, r.current])).toEqual([
      ['run-1', 4, false],
      ['run-2', 10, true],
    ]);
    expect((await db.submission.findUniqueOrThrow({ where: { id: sub.id } })).score).toBe(10);

    // A late report of the old run changes nothing.
    expect(await recordResult({ db, submissionId: sub.id, run: 1, result: okResult(0, 10) })).toBe('duplicate');
    expect((await db.submission.findUniqueOrThrow({ where: { id: sub.id } })).score).toBe(10);
  });

  it('regrades a file numeric answer in the app from its stored payload, as a new run', async () => {
    const right = correctAnswer('conv-output-size', variantSeed(student.id, 'conv-output-size'));
    const out = await submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: 'conv-output-size', body: { answer: right } });
    const r = await regradeSubmission({ exercises: testExercises, db, queues, user: instructor, submissionId: out.submissionId });
    expect(r).toMatchObject({ run: 2, status: 'graded', queued: false });
    const results = await db.result.findMany({ where: { submissionId: out.submissionId }, orderBy: { runKey: 'asc' } });
    expect(results.map((x) => [x.runKey, x.current])).toEqual([
      ['run-1', false],
      ['run-2', true],
    ]);
    expect(results[1]!.score).toBe(results[0]!.score);
    expect(results[1]!.score).toBeGreaterThan(0);
  });

  it('after a fixed formula, regrading an editor exercise gives the right score and keeps the wrong one as history', async () => {
    // The first version has a wrong formula (forgot the +1).
    await saveAuthoredExercise({ db, user: instructor, input: convDef({ fields: [{ name: 'out', label: 'Output size', type: 'integer', formula: 'n - k' }] }) });
    const def = convDef();
    const seed = variantSeed(student.id, 'editor-conv-out');
    const rightAnswer = authoredAnswer(def, authoredParams(def, seed));
    const out = await submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: 'editor-conv-out', body: { answer: rightAnswer } });
    expect((await db.submission.findUniqueOrThrow({ where: { id: out.submissionId } })).score).toBe(0);

    const fixed = await saveAuthoredExercise({ db, user: instructor, input: def });
    const all = await regradeExercise({ exercises: testExercises, db, queues, user: instructor, exerciseId: 'editor-conv-out' });
    expect(all).toEqual({ count: 1, queued: 0 });
    const sub = await db.submission.findUniqueOrThrow({ where: { id: out.submissionId }, include: { results: { orderBy: { runKey: 'asc' } } } });
    expect(sub.score).toBe(10);
    expect(sub.exerciseVersion).toBe(fixed.version);
    expect(sub.results.map((x) => [x.runKey, x.score, x.current])).toEqual([
      ['run-1', 0, false],
      ['run-2', 10, true],
    ]);
  });

  it('keeps the student on their own version when the edit changed the parameters', async () => {
    const first = await saveAuthoredExercise({ db, user: instructor, input: convDef() });
    const seed = variantSeed(student.id, 'editor-conv-out');
    const answer = authoredAnswer(convDef(), authoredParams(convDef(), seed));
    const out = await submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: 'editor-conv-out', body: { answer } });
    await saveAuthoredExercise({ db, user: instructor, input: convDef({ params: [{ name: 'n', min: 100, max: 120 }, { name: 'k', choices: [7] }] }) });
    await regradeSubmission({ exercises: testExercises, db, queues, user: instructor, submissionId: out.submissionId });
    const sub = await db.submission.findUniqueOrThrow({ where: { id: out.submissionId } });
    expect(sub).toMatchObject({ exerciseVersion: first.version, score: 10, run: 2 });
  });

  it('regrades every submission of an exercise, leaving each one history', async () => {
    const other = await sessionUser(db, 'student');
    const subs = [await makeSubmission(db, { userId: student.id, exerciseId: 'conv3x3' }), await makeSubmission(db, { userId: other.id, exerciseId: 'conv3x3' })];
    for (const s of subs) await recordResult({ db, submissionId: s.id, run: 1, result: okResult(5, 10) });
    expect(await regradeExercise({ exercises: testExercises, db, queues, user: instructor, exerciseId: 'conv3x3' })).toEqual({ count: 2, queued: 2 });
    for (const s of subs) {
      expect((await db.submission.findUniqueOrThrow({ where: { id: s.id } })).run).toBe(2);
      expect(await db.result.count({ where: { submissionId: s.id } })).toBe(1);
      expect(await queues.grade.getJob(jobIdFor(s.id, 2))).toBeTruthy();
    }
  });
});
