import { formatInTimeZone } from './deadline';

// How instants are shown to people: always in the course's time zone with its
// label ("2026-03-08 23:59 GMT+7"), never in the server's or as raw UTC, plus
// a relative phrase ("in 2 days 3 h", "5 min ago") for deadlines. Pure, so the
// server render and the browser's live countdown print the same words.

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** "2026-03-08 23:59 GMT+7": the course zone, with its offset as the label. */
export function courseTime(instant: Date | string, timeZone: string): string {
  // Intl labels a zero offset "GMT"; people read "UTC".
  return formatInTimeZone(instant, timeZone).replace(/ GMT(\+0)?$/, ' UTC');
}

/**
 * The two largest units of a duration, rounded down: "2 days 3 h", "5 h 12 min",
 * "4 min 10 s", "40 s". Rounding down keeps a countdown from promising time
 * that is not there.
 */
export function formatSpan(ms: number): string {
  const abs = Math.max(0, Math.floor(Math.abs(ms) / 1000) * 1000);
  const d = Math.floor(abs / DAY);
  const h = Math.floor((abs % DAY) / HOUR);
  const m = Math.floor((abs % HOUR) / MIN);
  const s = Math.floor((abs % MIN) / 1000);
  const day = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
  if (d > 0) return h > 0 ? `${day(d)} ${h} h` : day(d);
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return s > 0 && m < 10 ? `${m} min ${s} s` : `${m} min`;
  return `${s} s`;
}

/** "in 2 days 3 h" for the future, "3 h 5 min ago" for the past, "now" within a second. */
export function formatRelative(target: Date | string | number, now: Date | number): string {
  const t = typeof target === 'number' ? target : new Date(target).getTime();
  const diff = t - (typeof now === 'number' ? now : now.getTime());
  if (Math.abs(diff) < 1000) return 'now';
  return diff > 0 ? `in ${formatSpan(diff)}` : `${formatSpan(diff)} ago`;
}

/** "10 % per day late, at most 50 %, until 2026-03-11 23:59 GMT+7", or null when late work is not accepted or costs nothing. */
export function describeLatePolicy(opts: {
  latePenaltyPercentPerDay: number;
  lateWindowHours: number;
  closesAt: Date | null;
  timeZone: string;
}): string {
  if (opts.lateWindowHours <= 0 || !opts.closesAt) return 'No late submissions.';
  const until = courseTime(opts.closesAt, opts.timeZone);
  if (opts.latePenaltyPercentPerDay <= 0) return `Late submissions accepted without penalty until ${until}.`;
  return `Late submissions lose ${formatPercent(opts.latePenaltyPercentPerDay)} % of the score per started day late, accepted until ${until}.`;
}

function formatPercent(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}
