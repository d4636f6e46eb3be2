import type { Db } from '../db';
import type { SessionUser } from '../auth/roles';
import { isPrivateRevealed, rankBoards, submissionsCloseAt, UPLOADED_WEIGHTS_PREFIX, type LeaderboardRow, type ScoredSubmission } from '../model/leaderboard';

// Reads scored model submissions and ranks them with the pure leaderboard rules.

interface Row extends ScoredSubmission {
  name: string;
}

export interface RevealExercise {
  id: string;
  deadline: Date | null;
  lateWindowHours: number;
  revealPrivate: boolean;
}

/** Whether the private half is shown now, and when every submission window closes. */
export async function privateReveal(opts: { db: Db; exercise: RevealExercise; now?: Date }): Promise<{ revealed: boolean; closesAt: Date | null }> {
  const extensions = await opts.db.extension.findMany({ where: { exerciseId: opts.exercise.id }, select: { deadline: true } });
  const closesAt = submissionsCloseAt({ deadline: opts.exercise.deadline, lateWindowHours: opts.exercise.lateWindowHours, extensions });
  return { revealed: opts.exercise.revealPrivate || isPrivateRevealed({ closesAt, now: opts.now }), closesAt };
}

export async function leaderboardFor(opts: {
  db: Db;
  exercise: RevealExercise & { uploadedWeightsBoard: string };
  viewer: SessionUser;
  now?: Date;
}) {
  const where = { exerciseId: opts.exercise.id, kind: 'model', mode: 'submit', status: 'graded', gradable: true };
  const subs = await opts.db.submission.findMany({
    where,
    // The payload can be megabytes of weights: not read here.
    omit: { payload: true },
    include: { user: { select: { name: true } }, results: { where: { current: true } } },
  });
  const uploaded = new Set(
    (await opts.db.submission.findMany({ where: { ...where, payload: { startsWith: UPLOADED_WEIGHTS_PREFIX } }, select: { id: true } })).map((s) => s.id),
  );
  const scored: Row[] = [];
  const choices: Record<string, string> = {};
  for (const s of subs) {
    const extra = s.results[0] ? (JSON.parse(s.results[0].json).extra_data ?? {}) : {};
    if (typeof extra.publicAccuracy !== 'number') continue;
    if (s.chosen) choices[s.userId] = s.id;
    scored.push({
      id: s.id,
      studentId: s.userId,
      name: s.user.name,
      createdAt: s.createdAt,
      publicAccuracy: extra.publicAccuracy,
      privateAccuracy: typeof extra.privateAccuracy === 'number' ? extra.privateAccuracy : null,
      params: Number(extra.params ?? 0),
      trainSeconds: Number(extra.seconds ?? 0),
      evaluatedOnly: uploaded.has(s.id),
    });
  }
  const { revealed, closesAt } = await privateReveal(opts);
  const board = opts.exercise.uploadedWeightsBoard === 'hidden' ? 'hidden' : 'apart';
  const ranked = rankBoards({ submissions: scored, choices, revealed, uploaded: board });
  const shown = (rows: LeaderboardRow<Row>[]) =>
    rows.map((r) => ({
      submissionId: r.submission.id,
      userId: r.studentId,
      name: r.submission.name,
      accuracy: r.accuracy,
      params: r.submission.params ?? 0,
      seconds: r.submission.trainSeconds ?? 0,
      createdAt: r.submission.createdAt,
      evaluatedOnly: !!r.submission.evaluatedOnly,
    }));
  return {
    rows: shown(ranked.trained),
    /** uploaded weights, ranked apart; null when the exercise leaves them off */
    evaluatedOnly: ranked.evaluatedOnly && shown(ranked.evaluatedOnly),
    showPrivate: revealed,
    closesAt,
  };
}
