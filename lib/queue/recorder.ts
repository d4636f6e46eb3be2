import { isUniqueViolation, type Db } from '../db';
import { ZGradeResult, type GradeResult } from '../grading/results';
import { linkedChecklistTicks, isFullScore } from '../checklist/auto-complete';

// Writes a grading run's result. Idempotent: the same (submission, run) is
// recorded once however many times a worker, a listener or the reconciler
// reports it. A regrade is a new run, so earlier results stay as history.

export type RecordOutcome = 'recorded' | 'duplicate' | 'missing';

export async function recordResult(opts: {
  db: Db;
  submissionId: string;
  run: number;
  result: GradeResult;
}): Promise<RecordOutcome> {
  const result = ZGradeResult.parse(opts.result);
  const { db } = opts;
  const sub = await db.submission.findUnique({ where: { id: opts.submissionId } });
  if (!sub) return 'missing';
  const runKey = `run-${opts.run}`;
  const isCurrent = opts.run >= sub.run;
  const penalty = result.gradable ? sub.latePenalty : 0;
  const score = round(result.score * (1 - penalty));
  // The result, what follows from it (current run, the submission's score,
  // checklist ticks) in one atomic batch: all of it is stored or none, so a
  // failed commit (SQLITE_BUSY, a crash) leaves the run unrecorded for the
  // listener's catch-up or the reconciler to record whole. The unique
  // (submission, run) key makes a repeated report fail on the first
  // statement and change nothing.
  const ticks =
    isCurrent && sub.mode === 'submit' && isFullScore({ gradable: result.gradable, score: result.score, maxScore: result.max_score })
      ? await linkedChecklistTicks({ db, userId: sub.userId, exerciseId: sub.exerciseId })
      : [];
  const create = db.result.create({
    data: {
      submissionId: sub.id,
      runKey,
      json: JSON.stringify(result),
      score: result.score,
      maxScore: result.max_score,
      gradable: result.gradable,
      current: isCurrent,
    },
  });
  const makeCurrent = [
    db.result.updateMany({ where: { submissionId: sub.id, runKey: { not: runKey } }, data: { current: false } }),
    db.submission.update({
      where: { id: sub.id },
      data: { status: 'graded', score, maxScore: result.max_score, gradable: result.gradable, lastError: null },
    }),
  ];
  try {
    await db.$transaction(isCurrent ? [create, ...makeCurrent, ...ticks] : [create]);
  } catch (e) {
    if (isUniqueViolation(e)) return 'duplicate';
    throw e;
  }
  return 'recorded';
}

/** A run that could not be graded after every retry (an infrastructure fault). */
export async function markFailed(opts: { db: Db; submissionId: string; run: number; reason: string }): Promise<void> {
  await opts.db.submission.updateMany({
    where: { id: opts.submissionId, run: opts.run, status: { in: ['queued', 'running'] } },
    data: { status: 'failed', lastError: opts.reason.slice(0, 2000) },
  });
}

export async function markRunning(opts: { db: Db; submissionId: string; run: number }): Promise<void> {
  await opts.db.submission.updateMany({
    where: { id: opts.submissionId, run: opts.run, status: 'queued' },
    data: { status: 'running' },
  });
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
