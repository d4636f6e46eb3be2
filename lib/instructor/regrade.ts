import type { Db } from '../db';
import { requireInstructor, type SessionUser } from '../auth/roles';
import { ungradable, type GradeResult } from '../grading/results';
import { checkAuthoredAnswer } from '../authoring';
import { variantSeed, type NumericCheck } from '../exercises/numeric';
import type { ExerciseRegistry } from '../exercises/registry';
import { enqueueSubmission, type Queues } from '../queue/producer';
import { recordResult } from '../queue/recorder';
import { regradeVersion } from '../submissions/authored';
import { AppError } from '../errors';
import { exerciseOr404 } from './course';

// A regrade is a new grading run of a stored submission: run + 1, status
// queued, and a new Result row keyed run-N, so earlier results stay as
// history. Code and models go back to the workers with a lower priority than
// new student work; numeric answers are regraded here from the stored payload.

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
  if (!exists) throw new AppError('not_found', 'No such submission.');
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
  if (sub.kind !== 'numeric') {
    const queued = await enqueueSubmission({ db, queues, submissionId: sub.id, regrade: true });
    return { submissionId: sub.id, run: sub.run, status: 'queued', queued };
  }
  const seed = variantSeed(sub.userId, sub.exerciseId);
  const raw: unknown = JSON.parse(sub.payload);
  let result: GradeResult;
  try {
    if (sub.exercise.source === 'editor') {
      const { version, def } = await regradeVersion({ db, exercise: sub.exercise, submittedVersion: sub.exerciseVersion });
      if (version !== sub.exerciseVersion) await db.submission.update({ where: { id: sub.id }, data: { exerciseVersion: version } });
      result = asResult(checkAuthoredAnswer({ def, seed, raw }), sub.exercise.points);
    } else {
      result = asResult(deps.exercises.numeric.checkNumericAnswer({ exerciseId: sub.exerciseId, seed, raw }), sub.exercise.points);
    }
  } catch (e) {
    // The exercise itself cannot grade this variant any more: recorded as not counted, never left queued.
    result = ungradable({ maxScore: sub.exercise.points, errors: [`regrade failed: ${(e as Error).message}`] });
  }
  await recordResult({ db, submissionId: sub.id, run: sub.run, result });
  return { submissionId: sub.id, run: sub.run, status: 'graded', queued: false };
}

function asResult(check: NumericCheck, points: number): GradeResult {
  if (check.kind === 'graded') return check.result;
  // The stored answer no longer fits the exercise (a field was renamed): not the student's fault, not counted.
  return ungradable({ maxScore: points, errors: Object.values(check.errors) });
}
