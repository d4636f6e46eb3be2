import { z } from 'zod';
import { zonedTimeToInstant } from './deadline';
import { msg, type Message } from '../i18n/message';
import { renderText } from '../i18n/render';

// What a student may still submit, computed from their prior attempts. Pure:
// the caller enforces it atomically in the database (two submissions at the
// same instant must not both take the last attempt); this module decides what
// the limit is and what the submit form says.
//
// Which attempts count: every prior attempt except those graded as ungradable
// (gradable === false: the submission could not run, PrairieLearn-style, and
// costs nothing). An attempt still queued (gradable undefined/null) counts, so
// nobody gets extra attempts by submitting faster than the grader.
// "Today" is the calendar day in the course time zone, so a daily cap resets at
// local midnight (a 23- or 25-hour day on DST changes).

export const ZAttemptPolicy = z.object({
  /** graded attempts allowed in total; null/absent = unlimited */
  maxAttempts: z.number().int().positive().nullable().optional(),
  /** minimum minutes between two counted attempts */
  cooldownMinutes: z.number().min(0).default(0),
  /** counted attempts per local calendar day; null/absent = unlimited */
  dailyCap: z.number().int().positive().nullable().optional(),
  /** IANA zone whose midnight resets the daily cap, e.g. 'Asia/Ho_Chi_Minh' */
  timeZone: z.string().refine(isTimeZone, { error: (iss) => `unknown time zone "${String(iss.input)}"` }),
});
export type AttemptPolicy = z.infer<typeof ZAttemptPolicy>;
export type AttemptPolicyInput = z.input<typeof ZAttemptPolicy>;

export type PriorAttempt = {
  submittedAt: Date | string;
  /** false = ungradable (not counted); true, null or undefined = counted */
  gradable?: boolean | null;
};

export type LimitCode = 'max_attempts' | 'daily_cap' | 'cooldown';

export type AttemptStatus = {
  allowed: boolean;
  /** a sentence for the student when not allowed (English) */
  reason?: string;
  /** the same as data, for the student's language (messages/*.json rules.blocked) */
  reasonText?: Message[];
  /** every limit that blocks now (several can at once) */
  codes: LimitCode[];
  attemptsLeft: number | null;
  todayLeft: number | null;
  /** when the block lifts; absent when allowed or when no attempt will ever be left */
  nextAllowedAt?: Date;
  attemptsUsed: number;
};

export function checkAttemptLimits(options: {
  policy: AttemptPolicyInput;
  attempts: readonly PriorAttempt[];
  now: Date | string;
}): AttemptStatus {
  const policy = ZAttemptPolicy.parse(options.policy);
  const now = toMs(options.now);
  const counted = options.attempts.filter((a) => a.gradable !== false).map((a) => toMs(a.submittedAt));
  const { start, end } = localDay(now, policy.timeZone);
  const today = counted.filter((t) => t >= start && t < end).length;

  const attemptsLeft = policy.maxAttempts == null ? null : Math.max(0, policy.maxAttempts - counted.length);
  const todayLeft = policy.dailyCap == null ? null : Math.max(0, policy.dailyCap - today);
  const codes: LimitCode[] = [];
  const reasons: Message[] = [];
  const liftsAt: number[] = [];

  if (attemptsLeft === 0) {
    codes.push('max_attempts');
    reasons.push(msg('rules.blocked.max_attempts', { max: policy.maxAttempts ?? 0 }));
  }
  if (todayLeft === 0) {
    codes.push('daily_cap');
    reasons.push(msg('rules.blocked.daily_cap', { cap: policy.dailyCap ?? 0 }));
    liftsAt.push(end);
  }
  const last = counted.length > 0 ? Math.max(...counted) : null;
  if (last !== null && policy.cooldownMinutes > 0) {
    const ready = last + policy.cooldownMinutes * 60_000;
    if (now < ready) {
      codes.push('cooldown');
      reasons.push(msg('rules.blocked.cooldown', { minutes: Math.ceil((ready - now) / 60_000) }));
      liftsAt.push(ready);
    }
  }

  const status: AttemptStatus = { allowed: codes.length === 0, codes, attemptsLeft, todayLeft, attemptsUsed: counted.length };
  if (!status.allowed) {
    status.reasonText = reasons;
    status.reason = renderText(reasons);
    if (!codes.includes('max_attempts')) status.nextAllowedAt = new Date(Math.max(...liftsAt));
  }
  return status;
}

/** "3 of 5 attempts left, 2 left today" (parts are left out when unlimited). */
export function describeAttemptStatus(status: AttemptStatus, policy: AttemptPolicyInput): string {
  const parts: string[] = [];
  if (status.attemptsLeft !== null) parts.push(`${status.attemptsLeft} of ${policy.maxAttempts} attempts left`);
  if (status.todayLeft !== null) parts.push(`${status.todayLeft} left today`);
  return parts.length > 0 ? parts.join(', ') : 'unlimited attempts';
}

/** [start, end) of the local calendar day containing the instant. */
export function localDay(instant: number, timeZone: string): { start: number; end: number } {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const date = fmt.format(new Date(instant)); // en-CA formats as YYYY-MM-DD
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return {
    start: zonedTimeToInstant(`${date}T00:00`, timeZone).getTime(),
    end: zonedTimeToInstant(`${next}T00:00`, timeZone).getTime(),
  };
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function toMs(t: Date | string): number {
  const ms = typeof t === 'string' ? Date.parse(t) : t.getTime();
  if (Number.isNaN(ms)) throw new Error(`invalid time: ${String(t)}`);
  return ms;
}
