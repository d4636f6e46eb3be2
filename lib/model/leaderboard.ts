// Leaderboard rules, pure so the web app and tests share them:
// - rank by public accuracy until the private half is revealed (instructor or deadline),
//   then by private accuracy; ties go to the earlier submission;
// - each student has one counting submission: the one they chose, else their best public.
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
