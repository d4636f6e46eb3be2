import type { Db } from '../db';
import { requireInstructor, type SessionUser } from '../auth/roles';
import type { ExerciseRegistry } from '../exercises/registry';
import { enqueueSubmission, type Queues } from '../queue/producer';
import { recordResult } from '../queue/recorder';
import { kindOf } from '../exercises/kinds';
import { AppError } from '../errors';
import { msg } from '../i18n/message';
import { exerciseOr404 } from './course';

// A regrade is a new grading run of a stored submission: run + 1, status
// queued, and a new Result row keyed run-N, so earlier results stay as
// history. What a regrade does is the kind's (lib/exercises/kinds/): code and
// models go back to the workers with a lower priority than new student work;
// numeric answers are regraded here from the stored payload.

export interface RegradeOutcome {
  submissionId: string;
  run: number;
  status: string;
  /** false when Redis was away: the reconciler sends it later */
  queued: boolean;
}

export async function regradeSubmission(opts: { db: Db; queues: Queues; exercises: ExerciseRegistry; user: SessionUser | null; submissionId: string }): Promise<RegradeOutcome> {
  requireInstructor(opts.user);
  const exists = await opts.db.submission.findUnique({ where: { id: opts.submissionId }, select: { id: true } });
  if (!exists) throw new AppError('not_found', msg('apiErrors.submit.noSubmission'));
  return regradeOne(opts, opts.submissionId);
}

/** Every submission of an exercise (both modes), oldest first. */
export async function regradeExercise(opts: { db: Db; queues: Queues; exercises: ExerciseRegistry; user: SessionUser | null; exerciseId: string }): Promise<{ count: number; queued: number }> {
  requireInstructor(opts.user);
  await exerciseOr404(opts.db, opts.exerciseId);
  const subs = await opts.db.submission.findMany({ where: { exerciseId: opts.exerciseId }, select: { id: true }, orderBy: { createdAt: 'asc' } });
  let queued = 0;
  for (const s of subs) if ((await regradeOne(opts, s.id)).queued) queued++;
  return { count: subs.length, queued };
}

async function regradeOne(deps: { db: Db; queues: Queues; exercises: ExerciseRegistry }, submissionId: string): Promise<RegradeOutcome> {
  const { db, queues } = deps;
  const sub = await db.submission.update({
    where: { id: submissionId },
    data: { run: { increment: 1 }, status: 'queued', lastError: null, enqueuedAt: null },
    include: { exercise: true },
  });
  const step = await kindOf(sub.kind).regrade({ db, exercises: deps.exercises, submission: sub });
  if (!('result' in step)) {
    const queued = await enqueueSubmission({ db, queues, submissionId: sub.id, regrade: true });
    return { submissionId: sub.id, run: sub.run, status: 'queued', queued };
  }
  await recordResult({ db, submissionId: sub.id, run: sub.run, result: step.result });
  return { submissionId: sub.id, run: sub.run, status: 'graded', queued: false };
}
