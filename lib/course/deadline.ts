import { z } from 'zod';

// Deadline and late-penalty arithmetic. Everything is computed on absolute
// instants (epoch milliseconds), so the offset a deadline was written with and
// the course's time zone never change the outcome; time zones only matter when
// a wall-clock time is turned into an instant (zonedTimeToInstant) or an
// instant is shown to a person (formatInTimeZone).
//
// The model, in one place:
// - effectiveDeadline = the exercise deadline, moved by the student's extension
//   (an extension never moves it earlier).
// - A submission at or before effectiveDeadline is on time (the boundary instant
//   itself is on time).
// - After it, the submission is late while it is at or before
//   effectiveDeadline + lateWindowHours (the window follows the extension), and
//   closed after that (the submit form should refuse it).
// - The late penalty is latePenaltyPercentPerDay for every started 24-hour
//   period after effectiveDeadline (1 ms late = 1 day), capped at
//   maxLatePenaltyPercent. "Day" means 24 elapsed hours, not a calendar day, so a
//   DST change inside the late window (a 23- or 25-hour local day) neither
//   shortens nor lengthens anyone's day.

const ZIsoInstant = z.string().datetime({ offset: true });

export const ZDeadlinePolicy = z.object({
  /** ISO 8601 with an offset or Z, e.g. 2026-03-08T23:59:00-05:00 */
  deadline: ZIsoInstant,
  /** hours after the (effective) deadline during which late submissions are accepted */
  lateWindowHours: z.number().min(0).default(0),
  /** percent of the score taken per started 24-hour period late */
  latePenaltyPercentPerDay: z.number().min(0).max(100).default(0),
  /** upper bound of the late penalty, in percent */
  maxLatePenaltyPercent: z.number().min(0).max(100).default(100),
});
export type DeadlinePolicy = z.infer<typeof ZDeadlinePolicy>;
export type DeadlinePolicyInput = z.input<typeof ZDeadlinePolicy>;

/** A per-student extension: either a new deadline or extra hours on top of the exercise's. */
export const ZExtension = z.union([
  z.object({ deadline: ZIsoInstant }).strict(),
  z.object({ extraHours: z.number().min(0) }).strict(),
]);
export type Extension = z.infer<typeof ZExtension>;

export type SubmissionTiming = {
  status: 'on_time' | 'late' | 'closed';
  /** fraction of the score taken away, 0..1 (1 when closed) */
  penalty: number;
  effectiveDeadline: Date;
  /** last instant a late submission is accepted (= effectiveDeadline when there is no late window) */
  closesAt: Date;
  /** ms after effectiveDeadline, 0 when on time */
  lateBy: number;
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function effectiveDeadline(policy: DeadlinePolicyInput, extension?: Extension | null): Date {
  const base = Date.parse(ZDeadlinePolicy.parse(policy).deadline);
  if (!extension) return new Date(base);
  const ext = ZExtension.parse(extension);
  const moved = 'deadline' in ext ? Date.parse(ext.deadline) : base + ext.extraHours * HOUR;
  return new Date(Math.max(base, moved));
}

export function evaluateSubmissionTime(options: {
  policy: DeadlinePolicyInput;
  extension?: Extension | null;
  submittedAt: Date | string;
}): SubmissionTiming {
  const policy = ZDeadlinePolicy.parse(options.policy);
  const due = effectiveDeadline(policy, options.extension);
  const at = toMs(options.submittedAt);
  const closesAt = new Date(due.getTime() + policy.lateWindowHours * HOUR);
  const lateBy = Math.max(0, at - due.getTime());
  if (lateBy === 0) return { status: 'on_time', penalty: 0, effectiveDeadline: due, closesAt, lateBy: 0 };
  if (at > closesAt.getTime()) return { status: 'closed', penalty: 1, effectiveDeadline: due, closesAt, lateBy };
  const startedDays = Math.ceil(lateBy / DAY);
  const percent = Math.min(policy.maxLatePenaltyPercent, startedDays * policy.latePenaltyPercentPerDay);
  return { status: 'late', penalty: roundFraction(percent / 100), effectiveDeadline: due, closesAt, lateBy };
}

/** score × (1 − penalty), penalty clamped to [0, 1]; rounded to 1e-6 like summarizeTests. */
export function applyPenalty(score: number, penalty: number): number {
  const p = Math.min(1, Math.max(0, penalty));
  return Math.round(score * (1 - p) * 1e6) / 1e6;
}

/**
 * The instant at which a wall-clock time happens in a time zone, e.g. what
 * "2026-03-08T02:30 in America/New_York" means. For a time skipped by a DST
 * change (spring forward) the result is moved forward by the gap (02:30 →
 * 03:30 EDT); for a time that happens twice (fall back) the earlier one is
 * chosen. Both follow Temporal's "compatible" disambiguation.
 */
export function zonedTimeToInstant(wallTime: string, timeZone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(wallTime);
  if (!m) throw new Error(`"${wallTime}" is not a wall-clock time like 2026-03-08T23:59`);
  const [, y, mo, d, h, mi, s = '0', ms = '0'] = m;
  const asUtc = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s, +ms.padEnd(3, '0'));
  const before = offsetMs(asUtc - DAY, timeZone);
  const after = offsetMs(asUtc + DAY, timeZone);
  // Try both offsets seen around that day; keep the ones that reproduce the wall time.
  const candidates = [asUtc - before, asUtc - after].filter((t) => t + offsetMs(t, timeZone) === asUtc);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  // In a gap: use the offset from before the change, which lands after the gap.
  return new Date(asUtc - before);
}

/** The zone's offset from UTC at an instant, in ms (e.g. +7 h for Asia/Ho_Chi_Minh). */
export function offsetMs(instant: number, timeZone: string): number {
  const parts = partsIn(new Date(instant), timeZone);
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * "2026-03-08 23:59 GMT-5" for a deadline shown in the course's time zone:
 * year-month-day and the offset, so nobody misreads day/month order or the zone.
 */
export function formatInTimeZone(instant: Date | string, timeZone: string): string {
  const p = partsIn(new Date(toMs(instant)), timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' })
    .formatToParts(new Date(toMs(instant)))
    .find((x) => x.type === 'timeZoneName')?.value;
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)} ${name ?? timeZone}`;
}

/** "1 d 2 h 5 min" for a lateness in ms; seconds are shown only under a minute. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.ceil(ms / 1000)} s`;
  const totalMin = Math.floor(ms / 60_000);
  const d = Math.floor(totalMin / 1440);
  const h = Math.floor((totalMin % 1440) / 60);
  const min = totalMin % 60;
  return [d && `${d} d`, h && `${h} h`, min && `${min} min`].filter(Boolean).join(' ');
}

function partsIn(date: Date, timeZone: string) {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const parts = fmt.formatToParts(date);
  const get = (type: string) => Number(parts.find((x) => x.type === type)!.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

function toMs(t: Date | string): number {
  const ms = typeof t === 'string' ? Date.parse(t) : t.getTime();
  if (Number.isNaN(ms)) throw new Error(`invalid time: ${String(t)}`);
  return ms;
}

function roundFraction(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}
