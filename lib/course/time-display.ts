import { formatInTimeZone } from './deadline';
import type { Locale } from '../i18n/locales';

// How instants are shown to people: always in the course's time zone with its
// label ("2026-03-08 23:59 GMT+7"), never in the server's or as raw UTC, plus
// a relative phrase ("in 2 days 3 h", "5 min ago") for deadlines. Pure, so the
// server render and the browser's live countdown print the same words; the
// phrases come in every interface language (lib/i18n/locales.ts).

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** "2026-03-08 23:59 GMT+7": the course zone, with its offset as the label. */
export function courseTime(instant: Date | string, timeZone: string): string {
  // Intl labels a zero offset "GMT"; people read "UTC".
  return formatInTimeZone(instant, timeZone).replace(/ GMT(\+0)?$/, ' UTC');
}

interface Words {
  day: (n: number) => string;
  h: string;
  min: string;
  s: string;
  now: string;
  future: (span: string) => string;
  past: (span: string) => string;
  noLate: string;
  lateFree: (until: string) => string;
  latePenalty: (percent: string, until: string) => string;
}

const WORDS: Record<Locale, Words> = {
  en: {
    day: (n) => `${n} day${n === 1 ? '' : 's'}`,
    h: 'h',
    min: 'min',
    s: 's',
    now: 'now',
    future: (span) => `in ${span}`,
    past: (span) => `${span} ago`,
    noLate: 'No late submissions.',
    lateFree: (until) => `Late submissions accepted without penalty until ${until}.`,
    latePenalty: (p, until) => `Late submissions lose ${p} % of the score per started day late, accepted until ${until}.`,
  },
  vi: {
    day: (n) => `${n} ngày`,
    h: 'giờ',
    min: 'phút',
    s: 'giây',
    now: 'ngay bây giờ',
    future: (span) => `còn ${span}`,
    past: (span) => `${span} trước`,
    noLate: 'Không nhận bài nộp muộn.',
    lateFree: (until) => `Nhận bài nộp muộn không trừ điểm đến ${until}.`,
    latePenalty: (p, until) => `Bài nộp muộn bị trừ ${p} % điểm cho mỗi ngày muộn (ngày chưa trọn tính là một ngày), nhận đến ${until}.`,
  },
};

/**
 * The two largest units of a duration, rounded down: "2 days 3 h", "5 h 12 min",
 * "4 min 10 s", "40 s". Rounding down keeps a countdown from promising time
 * that is not there.
 */
export function formatSpan(ms: number, locale: Locale = 'en'): string {
  const w = WORDS[locale];
  const abs = Math.max(0, Math.floor(Math.abs(ms) / 1000) * 1000);
  const d = Math.floor(abs / DAY);
  const h = Math.floor((abs % DAY) / HOUR);
  const m = Math.floor((abs % HOUR) / MIN);
  const s = Math.floor((abs % MIN) / 1000);
  if (d > 0) return h > 0 ? `${w.day(d)} ${h} ${w.h}` : w.day(d);
  if (h > 0) return m > 0 ? `${h} ${w.h} ${m} ${w.min}` : `${h} ${w.h}`;
  if (m > 0) return s > 0 && m < 10 ? `${m} ${w.min} ${s} ${w.s}` : `${m} ${w.min}`;
  return `${s} ${w.s}`;
}

/** "in 2 days 3 h" for the future, "3 h 5 min ago" for the past, "now" within a second. */
export function formatRelative(target: Date | string | number, now: Date | number, locale: Locale = 'en'): string {
  const w = WORDS[locale];
  const t = typeof target === 'number' ? target : new Date(target).getTime();
  const diff = t - (typeof now === 'number' ? now : now.getTime());
  if (Math.abs(diff) < 1000) return w.now;
  return diff > 0 ? w.future(formatSpan(diff, locale)) : w.past(formatSpan(diff, locale));
}

/** The late rule as a sentence: what a late submission costs, and until when it is accepted (course time). */
export function describeLatePolicy(
  opts: {
    latePenaltyPercentPerDay: number;
    lateWindowHours: number;
    closesAt: Date | null;
    timeZone: string;
  },
  locale: Locale = 'en',
): string {
  const w = WORDS[locale];
  if (opts.lateWindowHours <= 0 || !opts.closesAt) return w.noLate;
  const until = courseTime(opts.closesAt, opts.timeZone);
  if (opts.latePenaltyPercentPerDay <= 0) return w.lateFree(until);
  return w.latePenalty(formatPercent(opts.latePenaltyPercentPerDay, locale), until);
}

/** 10, 12.5 (English) or 12,5 (Vietnamese): at most one decimal, in the reader's digits. */
function formatPercent(x: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(x);
}
