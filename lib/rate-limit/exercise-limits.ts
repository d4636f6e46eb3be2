import { AppError } from '../errors';
import { msg } from '../i18n/message';
import type { Limiters } from './limiter';
import { numericAnswers, visibleRuns } from './rules';
import { formatWait, waitText } from './format';

// Per student and exercise, per hour, the instructor's numbers: visible-test
// runs (free of attempts, but each one is a sandbox job) and numeric answers
// (graded field by field, so a small integer could otherwise be guessed).

export interface ExerciseRates {
  id: string;
  visibleRunsPerHour: number;
  answersPerHour: number;
}

export type CountedUse = 'visible-run' | 'answer';

const ruleFor = (use: CountedUse, ex: ExerciseRates) => (use === 'visible-run' ? visibleRuns(ex.visibleRunsPerHour) : numericAnswers(ex.answersPerHour));

/** Counts one use, or refuses it (429, nothing stored) with when to try again. */
export async function countExerciseUse(opts: { limits: Limiters; use: CountedUse; userId: string; exercise: ExerciseRates }): Promise<void> {
  const { exercise, use } = opts;
  const v = await opts.limits.consume(ruleFor(use, exercise), `${opts.userId}:${exercise.id}`);
  if (v.allowed) return;
  const text = use === 'visible-run'
    ? msg('apiErrors.submit.hourlyRuns', { count: exercise.visibleRunsPerHour, wait: waitText(v.retryAfterSeconds) })
    : msg('apiErrors.submit.hourlyAnswers', { count: exercise.answersPerHour, wait: waitText(v.retryAfterSeconds) });
  throw new AppError('rate_limited', text, { retryAfterSeconds: v.retryAfterSeconds });
}

/** "7 of 10 answers left this hour", for the exercise page. */
export async function describeExerciseUse(opts: { limits: Limiters; use: CountedUse; userId: string; exercise: ExerciseRates }): Promise<string> {
  const { exercise, use } = opts;
  const rule = ruleFor(use, exercise);
  const u = await opts.limits.usage(rule, `${opts.userId}:${exercise.id}`);
  const noun = use === 'visible-run' ? 'visible-test runs' : 'answers';
  const text = `${u.remaining} of ${rule.points} ${noun} left this hour`;
  return u.remaining === 0 ? `${text} (more in ${formatWait(u.resetsInSeconds)})` : text;
}
