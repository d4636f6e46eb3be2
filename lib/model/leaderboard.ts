// Leaderboard rules, pure so the web app and tests share them:
// - rank by public accuracy until the private half is revealed (by the instructor, or
//   once every student's submission window has closed, extensions and late windows
//   included), then by private accuracy; ties go to the earlier submission;
// - each student has one counting submission: the one they chose, else their best public;
//   choices are final once the private half is revealed;
// - uploaded trained weights are only evaluated, never trained here, and the MNIST test
//   set is public: they may have been trained on the very images that score them. They
//   are marked "evaluated only" and ranked apart (or left off, an exercise setting).
// (The daily cap is enforced with the other attempt limits in lib/course/limits.ts; the
// gradebook score is the sum of the threshold tests in worker/train/train-job.ts.)

export interface ScoredSubmission {
  id: string;
  studentId: string;
  createdAt: Date;
  publicAccuracy: number;
  privateAccuracy?: number | null;
  params?: number;
  trainSeconds?: number;
  /** uploaded trained weights: evaluated here, not trained here */
  evaluatedOnly?: boolean;
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

/**
 * The last instant anyone may still submit: the latest of the deadline and every
 * extension, plus the late window (which follows an extension). Null without a
 * deadline: then only the instructor reveals.
 */
export function submissionsCloseAt(opts: { deadline: Date | null; lateWindowHours: number; extensions: readonly { deadline: Date }[] }): Date | null {
  if (!opts.deadline) return null;
  const due = Math.max(opts.deadline.getTime(), ...opts.extensions.map((e) => e.deadline.getTime()));
  return new Date(due + opts.lateWindowHours * 3_600_000);
}

/** Revealed by the instructor, or once every window has closed (`closesAt` passed). */
export function isPrivateRevealed(opts: { revealedAt?: Date | null; closesAt?: Date | null; now?: Date }): boolean {
  const now = opts.now ?? new Date();
  if (opts.revealedAt && opts.revealedAt.getTime() <= now.getTime()) return true;
  if (opts.closesAt) return opts.closesAt.getTime() < now.getTime();
  return false;
}

/**
 * How a model submission is stored: `format` comes first, so uploaded weights
 * are found by this prefix without reading their megabytes back.
 */
export function modelPayload(p: { model: { format: string; content: string; weights?: Record<string, string> }; settings: unknown }): string {
  return JSON.stringify({ model: { format: p.model.format, content: p.model.content, weights: p.model.weights }, settings: p.settings });
}
export const UPLOADED_WEIGHTS_PREFIX = '{"model":{"format":"tfjs"';

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

/** Trained submissions and uploaded weights, each ranked on its own (the latter null when hidden). */
export function rankBoards<S extends ScoredSubmission>(opts: {
  submissions: S[];
  choices?: Record<string, string | null | undefined>;
  revealed: boolean;
  uploaded: 'apart' | 'hidden';
}): { trained: LeaderboardRow<S>[]; evaluatedOnly: LeaderboardRow<S>[] | null } {
  const { submissions, ...rest } = opts;
  return {
    trained: rankLeaderboard({ ...rest, submissions: submissions.filter((s) => !s.evaluatedOnly) }),
    evaluatedOnly: opts.uploaded === 'hidden' ? null : rankLeaderboard({ ...rest, submissions: submissions.filter((s) => s.evaluatedOnly) }),
  };
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
