import { isUniqueViolation, type Db } from '../db';
import type { SessionUser } from '../auth/roles';
import { effectiveDeadline, evaluateSubmissionTime, type SubmissionTiming } from '../course/deadline';
import { checkAttemptLimits, type AttemptStatus } from '../course/limits';
import { courseTime } from '../course/time-display';
import { courseTimeZone } from '../course/time-zone';
import { AppError } from '../errors';
import { msg } from '../i18n/message';
import { countedAttempts } from './submit-queries';

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

/**
 * This student's deadline (moved by an extension) and the instant submissions
 * close (after the late window); null when the exercise has no deadline.
 * Solutions and after-deadline tests wait for `closesAt`: shown earlier, a
 * student could read them and still submit late.
 */
export function studentDeadline(opts: { exercise: ExerciseRules; extension?: { deadline: Date } | null }): { dueAt: Date; closesAt: Date } | null {
  if (!opts.exercise.deadline) return null;
  const dueAt = effectiveDeadline(
    { deadline: opts.exercise.deadline.toISOString() },
    opts.extension ? { deadline: opts.extension.deadline.toISOString() } : null,
  );
  return { dueAt, closesAt: new Date(dueAt.getTime() + opts.exercise.lateWindowHours * 3_600_000) };
}

/** What the student has left before submitting (shown on the form). */
export async function attemptStatus(opts: { db: Db; userId: string; exercise: ExerciseRules; now?: Date }): Promise<AttemptStatus> {
  const counted = await countedAttempts(opts.db, opts.userId, opts.exercise.id);
  return limitsFor({ exercise: opts.exercise, timeZone: await courseTimeZone(opts.db), attempts: counted, now: opts.now ?? new Date() });
}

function limitsFor(opts: {
  exercise: ExerciseRules;
  timeZone: string;
  attempts: { createdAt: Date; gradable: boolean | null; status: string }[];
  now: Date;
}): AttemptStatus {
  return checkAttemptLimits({
    policy: {
      maxAttempts: opts.exercise.maxAttempts,
      cooldownMinutes: opts.exercise.cooldownMinutes,
      dailyCap: opts.exercise.dailyCap,
      timeZone: opts.timeZone,
    },
    // A run that failed for infrastructure reasons costs the student nothing.
    attempts: opts.attempts.filter((a) => a.status !== 'failed').map((a) => ({ submittedAt: a.createdAt, gradable: a.gradable })),
    now: opts.now,
  });
}

/** Any attempt limit set at all? Without one, admission only numbers the attempt. */
function hasLimits(exercise: ExerciseRules): boolean {
  return exercise.maxAttempts != null || exercise.dailyCap != null || exercise.cooldownMinutes > 0;
}

/**
 * Admits a new submission as the student's next attempt and writes it with
 * that `attemptSeq` (via `create`), or tells the student which limit blocks
 * it, before anything is written. The number is unique per student and
 * exercise: when two requests race, both try the same number, the database
 * lets one in, and the other reads the limits again with the winner counted.
 * Every check therefore sees every attempt admitted before it, whatever the
 * requests' timestamps. One read and one insert per submission: this is the
 * hot path at a deadline.
 */
export async function admitAttempt<T>(opts: { db: Db; user: SessionUser; exercise: ExerciseRules; at: Date; create: (attemptSeq: number) => Promise<T> }): Promise<T> {
  const { db, exercise } = opts;
  const limited = hasLimits(exercise);
  // The course's time zone only matters for the daily cap.
  const timeZone = exercise.dailyCap != null ? await courseTimeZone(db) : 'UTC';
  for (let attempt = 0; attempt < 50; attempt++) {
    const prior = await countedAttempts(db, opts.user.id, exercise.id);
    if (limited) {
      const status = limitsFor({ exercise, timeZone, attempts: prior, now: opts.at });
      if (!status.allowed) {
        const when = status.nextAllowedAt ? [msg('apiErrors.submit.againAt', { time: courseTime(status.nextAllowedAt, timeZone) })] : [];
        throw new AppError('rate_limited', [status.reasonText ?? msg('apiErrors.submit.noAttemptsLeft'), ...when]);
      }
    }
    const next = Math.max(0, ...prior.map((p) => p.attemptSeq ?? 0)) + 1;
    try {
      return await opts.create(next);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // Another submission took this number first: look again.
    }
  }
  throw new Error(`could not admit a submission to ${exercise.id}: too much contention`);
}
