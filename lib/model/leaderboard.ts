import type { AccuracyThreshold } from './settings';

// Leaderboard rules, pure so the web app and tests share them:
// - rank by public accuracy until the private half is revealed (instructor or deadline),
//   then by private accuracy; ties go to the earlier submission;
// - each student has one counting submission: the one they chose, else their best public;
// - a daily cap on graded submissions;
// - the gradebook score follows accuracy thresholds.

export interface ScoredSubmission {
  id: string;
  studentId: string;
  createdAt: Date;
  publicAccuracy: number;
  privateAccuracy?: number | null;
  params?: number;
  trainSeconds?: number;
}

export interface LeaderboardRow<S extends ScoredSubmission = ScoredSubmission> {
  rank: number;
  studentId: string;
  submission: S;
  /** the accuracy the ranking used */
  accuracy: number;
  /** false before the reveal: the row must not show privateAccuracy */
  privateShown: boolean;
}

export function isPrivateRevealed(opts: { revealedAt?: Date | null; deadline?: Date | string | null; now?: Date }): boolean {
  const now = opts.now ?? new Date();
  if (opts.revealedAt && opts.revealedAt.getTime() <= now.getTime()) return true;
  if (opts.deadline) return new Date(opts.deadline).getTime() <= now.getTime();
  return false;
}

/** Higher accuracy first, then the earlier submission, then id for a total order. */
export function compareSubmissions(a: ScoredSubmission, b: ScoredSubmission, by: 'public' | 'private' = 'public'): number {
  const acc = (s: ScoredSubmission) => (by === 'public' ? s.publicAccuracy : (s.privateAccuracy ?? -1));
  return acc(b) - acc(a) || a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The student's chosen submission if it is theirs and scored, else their best public one. */
export function countingSubmission<S extends ScoredSubmission>(submissions: S[], chosenId?: string | null): S | undefined {
  if (chosenId) {
    const chosen = submissions.find((s) => s.id === chosenId);
    if (chosen) return chosen;
  }
  return [...submissions].sort((a, b) => compareSubmissions(a, b, 'public'))[0];
}

export function rankLeaderboard<S extends ScoredSubmission>(opts: {
  submissions: S[];
  /** studentId → chosen submission id */
  choices?: Record<string, string | null | undefined>;
  revealed: boolean;
}): LeaderboardRow<S>[] {
  const byStudent = new Map<string, S[]>();
  for (const s of opts.submissions) byStudent.set(s.studentId, [...(byStudent.get(s.studentId) ?? []), s]);
  const by = opts.revealed ? 'private' : 'public';
  const counting = [...byStudent.entries()]
    .map(([student, subs]) => countingSubmission(subs, opts.choices?.[student]))
    .filter((s): s is S => s !== undefined)
    .sort((a, b) => compareSubmissions(a, b, by));
  return counting.map((s, i) => ({
    rank: i + 1,
    studentId: s.studentId,
    submission: s,
    accuracy: by === 'public' ? s.publicAccuracy : (s.privateAccuracy ?? 0),
    privateShown: opts.revealed,
  }));
}

export interface DailyCapStatus {
  allowed: boolean;
  used: number;
  remaining: number;
  cap: number;
  /** next midnight in the time zone, when the count starts over */
  resetsAt: Date;
}

/**
 * Counts the graded submissions (pass only those: an ungradable one costs no
 * attempt) made on the current calendar day in `timeZone`.
 */
export function checkDailyCap(opts: { submittedAt: Date[]; cap: number; now?: Date; timeZone?: string }): DailyCapStatus {
  const now = opts.now ?? new Date();
  const tz = opts.timeZone ?? 'UTC';
  const today = dayKey(now, tz);
  const used = opts.submittedAt.filter((d) => dayKey(d, tz) === today).length;
  return { allowed: used < opts.cap, used, remaining: Math.max(0, opts.cap - used), cap: opts.cap, resetsAt: nextMidnight(now, tz) };
}

function dayKey(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

function nextMidnight(now: Date, timeZone: string): Date {
  // Walk forward in hours to the first instant of the next local day, then back in
  // minutes to its start; robust to DST shifts without a time-zone library.
  const today = dayKey(now, timeZone);
  let t = now.getTime();
  while (dayKey(new Date(t), timeZone) === today) t += 3600_000;
  let step = 3600_000;
  while (step >= 1000) {
    step /= 60;
    while (dayKey(new Date(t - step), timeZone) !== today) t -= step;
  }
  return new Date(Math.round(t / 1000) * 1000);
}

/** Share of the points for the highest threshold the accuracy reaches. */
export function gradebookScore(opts: { accuracy: number; thresholds: AccuracyThreshold[]; points: number }): number {
  const reached = opts.thresholds.filter((t) => opts.accuracy >= t.minAccuracy).map((t) => t.fraction);
  const fraction = reached.length ? Math.max(...reached) : 0;
  return Math.round(opts.points * fraction * 1e6) / 1e6;
}
