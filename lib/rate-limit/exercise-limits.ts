import { AppError } from '../errors';
import { msg, type Message } from '../i18n/message';
import type { Limiters } from './limiter';
import { numericAnswers, visibleRuns } from './rules';
import { waitText } from './format';
import { renderText } from '../i18n/render';

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

/** "7 of 10 answers left this hour", for the exercise page, as a sentence of messages/*.json (hourlyLeft). */
export async function exerciseUseText(opts: { limits: Limiters; use: CountedUse; userId: string; exercise: ExerciseRates }): Promise<Message> {
  const { exercise, use } = opts;
  const rule = ruleFor(use, exercise);
  const u = await opts.limits.usage(rule, `${opts.userId}:${exercise.id}`);
  const noun = use === 'visible-run' ? 'runs' : 'answers';
  const values = { left: u.remaining, max: rule.points };
  return u.remaining === 0 ? msg(`hourlyLeft.${noun}Wait`, { ...values, wait: waitText(u.resetsInSeconds) }) : msg(`hourlyLeft.${noun}`, values);
}

/** exerciseUseText() in English. */
export async function describeExerciseUse(opts: Parameters<typeof exerciseUseText>[0]): Promise<string> {
  return renderText(await exerciseUseText(opts));
}
