import type { Db } from '../db';
import type { SessionUser } from '../auth/roles';
import { evaluateSubmissionTime, type SubmissionTiming } from '../course/deadline';
import { checkAttemptLimits, type AttemptStatus } from '../course/limits';
import { SubmitError } from './errors';

// Deadline and attempt rules as stored on an exercise, applied with the pure
// rules in lib/course.

export interface ExerciseRules {
  id: string;
  deadline: Date | null;
  lateWindowHours: number;
  latePenaltyPercentPerDay: number;
  maxAttempts: number | null;
  cooldownMinutes: number;
  dailyCap: number | null;
}

export function submissionTiming(opts: { exercise: ExerciseRules; extension?: { deadline: Date } | null; at: Date }): Pick<SubmissionTiming, 'status' | 'penalty'> {
  if (!opts.exercise.deadline) return { status: 'on_time', penalty: 0 };
  return evaluateSubmissionTime({
    policy: {
      deadline: opts.exercise.deadline.toISOString(),
      lateWindowHours: opts.exercise.lateWindowHours,
      latePenaltyPercentPerDay: opts.exercise.latePenaltyPercentPerDay,
    },
    extension: opts.extension ? { deadline: opts.extension.deadline.toISOString() } : null,
    submittedAt: opts.at,
  });
}

async function courseTimeZone(db: Db): Promise<string> {
  return (await db.course.findFirst({ select: { timeZone: true } }))?.timeZone ?? 'UTC';
}

/** What the student has left before submitting (shown on the form). */
export async function attemptStatus(opts: { db: Db; userId: string; exercise: ExerciseRules; now?: Date; before?: { createdAt: Date; id: string } }): Promise<AttemptStatus> {
  const prior = await opts.db.submission.findMany({
    where: { userId: opts.userId, exerciseId: opts.exercise.id, mode: 'submit', NOT: { status: 'failed' } },
    select: { id: true, createdAt: true, gradable: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const b = opts.before;
  const earlier = b ? prior.filter((p) => p.createdAt < b.createdAt || (p.createdAt.getTime() === b.createdAt.getTime() && p.id < b.id)) : prior;
  return checkAttemptLimits({
    policy: {
      maxAttempts: opts.exercise.maxAttempts,
      cooldownMinutes: opts.exercise.cooldownMinutes,
      dailyCap: opts.exercise.dailyCap,
      timeZone: await courseTimeZone(opts.db),
    },
    attempts: earlier.map((p) => ({ submittedAt: p.createdAt, gradable: p.gradable })),
    now: opts.now ?? new Date(),
  });
}

/**
 * Keeps a just-written submission only if it was within the limits counting
 * every attempt ordered before it. Two submissions at the same instant both
 * see each other, and the order (time, then id) lets exactly one take the last
 * attempt; the other row is removed and the student told why.
 */
export async function claimAttempt(opts: { db: Db; user: SessionUser; exercise: ExerciseRules; submission: { id: string; createdAt: Date } }) {
  const { exercise } = opts;
  if (exercise.maxAttempts == null && !exercise.cooldownMinutes && exercise.dailyCap == null) return;
  const status = await attemptStatus({ db: opts.db, userId: opts.user.id, exercise, now: opts.submission.createdAt, before: opts.submission });
  if (!status.allowed) {
    await opts.db.submission.delete({ where: { id: opts.submission.id } });
    const when = status.nextAllowedAt ? ` You can submit again at ${status.nextAllowedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC.` : '';
    throw new SubmitError(429, `${status.reason ?? 'No attempts left.'}${when}`);
  }
}
