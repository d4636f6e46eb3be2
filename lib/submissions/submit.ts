import type { Db } from '../db';
import type { SessionUser } from '../auth/roles';
import { ZExerciseMeta } from '../exercises/schema';
import { findKind } from '../exercises/kinds';
import { enqueueSubmission, queueForKind, type Queues } from '../queue/producer';
import { recordResult } from '../queue/recorder';
import type { ExerciseRegistry } from '../exercises/registry';
import { AppError } from '../errors';
import { msg } from '../i18n/message';
import { admitAttempt, submissionTiming } from './policy';
import { exerciseForStudent, insertSubmission, type InsertedSubmission, type NewSubmission } from './submit-queries';
import type { Limiters } from '../rate-limit/limiter';
import { countExerciseUse } from '../rate-limit/exercise-limits';

// The one entry point for every kind of submission. The row is written before
// any job, so nothing is lost if Redis is down: the student sees "queued" and
// the reconciler sends it once Redis is back. What differs per kind (the body,
// inline grading or a queue) is the kind's module in lib/exercises/kinds/.

export interface SubmitOutcome {
  submissionId: string;
  status: string;
  /** whether the job reached the queue; absent when it is still being sent (`sendInBackground`) */
  queued?: boolean;
}

export async function submitWork(opts: {
  db: Db;
  queues: Queues;
  /** the exercise modules (numeric variants): lib imports no exercise content */
  exercises: ExerciseRegistry;
  user: SessionUser;
  exerciseId: string;
  body: unknown;
  now?: Date;
  /** per-hour limits on numeric answers and visible-test runs (the web app always passes them) */
  limits?: Limiters;
  /**
   * Answer once the row is stored and send the job meanwhile (the web route).
   * At a rush Redis answers an add in tens of milliseconds, which the student
   * need not wait for: the row already says the job went out, a failed add is
   * written back and the reconciler sends it again, and should the process die
   * before the add, the reconciler finds no job and sends it (enqueueSubmission).
   */
  sendInBackground?: boolean;
}): Promise<SubmitOutcome> {
  const { db, user } = opts;
  const now = opts.now ?? new Date();
  const found = await exerciseForStudent(db, opts.exerciseId, user.id);
  if (!found || found.exercise.archived) throw new AppError('not_found', msg('apiErrors.submit.noExercise', { id: opts.exerciseId }));
  const { exercise, extension } = found;
  const meta = ZExerciseMeta.parse(JSON.parse(exercise.meta));
  const body = (opts.body ?? {}) as Record<string, unknown>;
  const late = submissionTiming({ exercise, extension, at: now });
  if (late.status === 'closed') throw new AppError('conflict', msg('apiErrors.submit.deadlinePassed', { title: exercise.title }));

  const kind = findKind(exercise.kind);
  if (!kind) throw new AppError('invalid_input', msg('apiErrors.submit.kindNotSubmittable', { kind: exercise.kind }));
  // The kind checks the body and builds the row; storing, grading or queueing it is the same for all.
  const prepared = await kind.prepareSubmission({ db, exercises: opts.exercises, user, exercise, meta, body, latePenalty: late.penalty, now });
  if (prepared.use && opts.limits) await countExerciseUse({ limits: opts.limits, use: prepared.use, userId: user.id, exercise });
  const graded = prepared.result;
  if (graded) {
    const sub = await admitAttempt({
      db,
      user,
      exercise,
      at: now,
      create: (attemptSeq) => insertSubmission(db, { ...prepared.row, status: 'running', attemptSeq }),
    });
    await recordResult({ db, submissionId: sub.id, run: 1, result: graded });
    return { submissionId: sub.id, status: 'graded', queued: false };
  }
  return createAndEnqueue({
    db,
    queues: opts.queues,
    admit: (create) => admitAttempt({ db, user, exercise, at: now, create }),
    data: prepared.row,
    sendInBackground: opts.sendInBackground ?? false,
  });
}

async function createAndEnqueue(opts: {
  db: Db;
  queues: Queues;
  admit: (create: (attemptSeq: number) => Promise<InsertedSubmission>) => Promise<InsertedSubmission>;
  data: Omit<NewSubmission, 'status' | 'attemptSeq' | 'sentTo'>;
  sendInBackground: boolean;
}): Promise<SubmitOutcome> {
  // The row says it went out and only a failed add is written back: one write per submission, not two.
  const sentTo = queueForKind(opts.data.kind)!;
  const create = (attemptSeq: number | null) => insertSubmission(opts.db, { ...opts.data, status: 'queued', attemptSeq, sentTo });
  // Visible-test runs cost no attempt.
  const sub = opts.data.mode === 'visible' ? await create(null) : await opts.admit(create);
  const sending = enqueueSubmission({ db: opts.db, queues: opts.queues, submission: sub, markedSent: true });
  if (!opts.sendInBackground) return { submissionId: sub.id, status: 'queued', queued: await sending };
  // enqueueSubmission reports a failed add itself; what is left is writing that down failing too
  sending.catch((e: Error) => console.error(`[submit] ${sub.id}: the job was not sent and that could not be noted (the reconciler sends it): ${e.message}`));
  return { submissionId: sub.id, status: 'queued' };
}
