import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestDb } from '../../helpers/test-db';
import { makeUser, sessionUser } from '../../helpers/fixtures';
import { syncContent } from '../../../lib/sync/sync-content';
import { producerConnection } from '../../../lib/queue/connection';
import { openQueues } from '../../../lib/queue/producer';
import { submitWork } from '../../../lib/submissions/submit';
import { insertSubmission } from '../../../lib/submissions/submit-queries';
import { reconcile } from '../../../lib/queue/reconciler';
import { submissionView } from '../../../lib/submissions/view';
import { AppError } from '../../../lib/errors';
import { type SessionUser } from '../../../lib/auth/roles';
import { variantSeed } from '../../../lib/exercises/numeric';
import { testExercises, correctAnswer } from '../../helpers/exercises';
import type { Db } from '../../../lib/db';
import { submitErrorOf } from '../../helpers/submit-error';
// a port nothing listens on: taken from the OS and released, not a fixed number
import { freePort } from '../../../scripts/lib/redis-server';

const queues = openQueues(producerConnection(`${inject('redisUrl')}/4`));
afterAll(() => queues.close());

let db: Db;
let student: SessionUser;
beforeEach(async () => {
  db = createTestDb().db;
  await syncContent({ db });
  student = await sessionUser(db, 'student');
});


describe('submitting work', () => {
  it('answers 404 for an exercise that does not exist and stores nothing', async () => {
    const e = await submitErrorOf(submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: 'nope', body: {} }));
    expect(e.code).toBe('not_found');
    expect(await db.submission.count()).toBe(0);
  });

  it('grades a numeric answer in the app and does not count malformed input', async () => {
    const bad = await submitErrorOf(
      submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: 'conv-output-size', body: { answer: { height: 'twelve', width: '3', channels: '5' } } }),
    );
    expect(bad.code).toBe('invalid_input');
    expect(bad.details.fieldErrors?.height).toBeTruthy();
    expect(await db.submission.count()).toBe(0);

    const right = correctAnswer('conv-output-size', variantSeed(student.id, 'conv-output-size'));
    const answer = Object.fromEntries(Object.entries(right).map(([k, v]) => [k, ` ${v} `]));
    const out = await submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: 'conv-output-size', body: { answer } });
    expect(out.status).toBe('graded');
    const view = await submissionView({ exercises: testExercises, db, user: student, submissionId: out.submissionId });
    expect(view.score).toBe(view.maxScore);
    expect(view.result?.tests.length).toBeGreaterThan(0);
  });

  it('queues code with the submission id as job id', async () => {
    const out = await submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: 'conv3x3', body: { language: 'python', source: 'class Conv3x3: pass' } });
    expect(out).toMatchObject({ status: 'queued', queued: true });
    expect((await queues.grade.getJob(out.submissionId))?.data.exerciseId).toBe('conv3x3');
    const row = await db.submission.findUniqueOrThrow({ where: { id: out.submissionId } });
    expect(row).toMatchObject({ queue: 'grade', enqueueCount: 1, lastError: null });
    expect(row.enqueuedAt?.getTime()).toBe(row.createdAt.getTime());
  });

  it('sends a row written as sent whose job never reached Redis once the reconciler finds it stale', async () => {
    // What a web process that died between the insert and the add leaves behind.
    const createdAt = new Date(Date.now() - 10 * 60_000);
    const row = await insertSubmission(db, {
      userId: student.id, exerciseId: 'conv3x3', exerciseVersion: 'v1', kind: 'code', language: 'python', payload: 'print(1)',
      status: 'queued', latePenalty: 0, attemptSeq: null, createdAt, sentTo: 'grade',
    });
    expect(await queues.grade.getJob(row.id)).toBeUndefined();
    const summary = await reconcile({ db, queues, staleAfterMs: 120_000 });
    expect(summary.requeued).toBeGreaterThanOrEqual(1);
    expect((await queues.grade.getJob(row.id))?.data.source).toBe('print(1)');
  });

  it('rejects empty code and unsupported languages with a message', async () => {
    expect((await submitErrorOf(submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: 'conv3x3', body: { language: 'python', source: '  ' } }))).message).toMatch(/empty/);
    expect((await submitErrorOf(submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: 'conv3x3', body: { language: 'ruby', source: 'x' } }))).code).toBe('invalid_input');
  });

  it('stores a submission as queued when Redis is down, and says so', async () => {
    const dead = openQueues(producerConnection(`redis://127.0.0.1:${await freePort()}`));
    try {
      const out = await submitWork({ exercises: testExercises, db, queues: dead, user: student, exerciseId: 'conv3x3', body: { language: 'python', source: 'print(1)' } });
      expect(out).toMatchObject({ status: 'queued', queued: false });
      const view = await submissionView({ exercises: testExercises, db, user: student, submissionId: out.submissionId });
      expect(view.status).toBe('queued');
      expect(view.message).toMatch(/waiting for a grading worker/);
      // Written as sent, then put back: the reconciler sends it at its next tick.
      expect(await db.submission.findUniqueOrThrow({ where: { id: out.submissionId } })).toMatchObject({ enqueuedAt: null, enqueueCount: 0 });
    } finally {
      await dead.close();
    }
  });

  it('sending in the background: answers once the row is stored, and the job still goes out', async () => {
    const out = await submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: 'conv3x3', body: { language: 'python', source: 'print(2)' }, sendInBackground: true });
    expect(out).toEqual({ submissionId: out.submissionId, status: 'queued' });
    expect(await db.submission.findUniqueOrThrow({ where: { id: out.submissionId } })).toMatchObject({ status: 'queued', queue: 'grade', enqueueCount: 1 });
    for (let i = 0; i < 100 && !(await queues.grade.getJob(out.submissionId)); i++) await new Promise((r) => setTimeout(r, 20));
    expect((await queues.grade.getJob(out.submissionId))?.data).toMatchObject({ submissionId: out.submissionId, language: 'python' });
  });

  it('sending in the background with Redis down: the answer does not wait for it, and the row is put back for the reconciler', async () => {
    const dead = openQueues(producerConnection(`redis://127.0.0.1:${await freePort()}`));
    try {
      const started = Date.now();
      const out = await submitWork({ exercises: testExercises, db, queues: dead, user: student, exerciseId: 'conv3x3', body: { language: 'python', source: 'print(3)' }, sendInBackground: true });
      // the add gives up after REDIS_TIMEOUT_MS (3 s); the answer came before it
      expect(Date.now() - started).toBeLessThan(3000);
      expect(out.queued).toBeUndefined();
      let row = await db.submission.findUniqueOrThrow({ where: { id: out.submissionId } });
      for (let i = 0; i < 100 && row.enqueuedAt !== null; i++) {
        await new Promise((r) => setTimeout(r, 100));
        row = await db.submission.findUniqueOrThrow({ where: { id: out.submissionId } });
      }
      expect(row).toMatchObject({ status: 'queued', enqueuedAt: null, enqueueCount: 0, lastError: expect.stringMatching(/not yet sent/) });
    } finally {
      await dead.close();
    }
  });

  it("hides a student's submission from other students", async () => {
    const out = await submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: 'conv3x3', body: { language: 'python', source: 'print(1)' } });
    const o = await makeUser(db);
    const other: SessionUser = { id: o.id, email: o.email, name: o.name, role: 'student' };
    await expect(submissionView({ exercises: testExercises, db, user: other, submissionId: out.submissionId })).rejects.toBeInstanceOf(AppError);
    const teacher: SessionUser = { ...other, role: 'instructor' };
    expect((await submissionView({ exercises: testExercises, db, user: teacher, submissionId: out.submissionId })).id).toBe(out.submissionId);
  });

  it('lets only one of two simultaneous submissions take the last attempt', async () => {
    await db.exercise.update({ where: { id: 'conv-output-size' }, data: { maxAttempts: 1 } });
    const body = { answer: { height: '1', width: '1', channels: '1' } };
    const now = new Date();
    const results = await Promise.allSettled([1, 2, 3].map(() => submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: 'conv-output-size', body, now })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(2);
    for (const r of refused) expect((r.reason as AppError).code).toBe('rate_limited');
    expect(await db.submission.count({ where: { userId: student.id } })).toBe(1);
  });

  it('lets only one take the last attempt when the earlier request writes its row later', async () => {
    await db.exercise.update({ where: { id: 'conv-output-size' }, data: { maxAttempts: 1 } });
    const body = { answer: { height: '1', width: '1', channels: '1' } };
    const t0 = new Date();
    // The request stamped first is held back just before its row is written,
    // so the later one is written, checked and admitted in between.
    let releaseSlow!: () => void;
    const slowMayWrite = new Promise<void>((r) => (releaseSlow = r));
    const slowDb = withDelayedCreate(db, slowMayWrite);
    const slow = submitWork({ exercises: testExercises, db: slowDb, queues, user: student, exerciseId: 'conv-output-size', body, now: t0 });
    const fast = await submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: 'conv-output-size', body, now: new Date(t0.getTime() + 5) });
    releaseSlow();
    const e = await submitErrorOf(slow);
    expect(e.code).toBe('rate_limited');
    expect(e.message).toMatch(/used all 1 attempts/);
    const rows = await db.submission.findMany({ where: { userId: student.id } });
    expect(rows.map((r) => r.id)).toEqual([fast.submissionId]);
    expect(rows[0]!.attemptSeq).toBe(1);
  });

  it('numbers admitted attempts and leaves visible-test runs out of the count', async () => {
    await db.exercise.update({ where: { id: 'conv3x3' }, data: { maxAttempts: 2 } });
    const code = (mode: string) => ({ language: 'python', source: 'print(1)', mode });
    const runs = [];
    for (const mode of ['visible', 'submit', 'visible', 'submit']) {
      runs.push(await submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: 'conv3x3', body: code(mode) }));
    }
    const rows = await db.submission.findMany({ where: { userId: student.id }, orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => [r.mode, r.attemptSeq])).toEqual([['visible', null], ['submit', 1], ['visible', null], ['submit', 2]]);
    const e = await submitErrorOf(submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: 'conv3x3', body: code('submit') }));
    expect(e.code).toBe('rate_limited');
    // A visible run is still allowed with no attempts left.
    await submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: 'conv3x3', body: code('visible') });
  });
});

/** The same database, with submission.create waiting for `gate` first. */
function withDelayedCreate(real: Db, gate: Promise<void>): Db {
  // The submission row is written by a raw INSERT (lib/submissions/submit-queries.ts), which
  // lib/hot-sql.ts sends through $executeRaw once the client's own SQLite connection is hidden.
  return new Proxy(real, {
    get(target, prop, receiver) {
      if (prop === Symbol.for('convgrade.sqliteAdapter')) return undefined;
      if (prop !== '$executeRaw') return Reflect.get(target, prop, receiver);
      return async (...args: Parameters<Db['$executeRaw']>) => {
        await gate;
        return target.$executeRaw(...args);
      };
    },
  });
}
