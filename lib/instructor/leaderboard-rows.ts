import type { Db } from '../db';
import type { SessionUser } from '../auth/roles';
import { isPrivateRevealed, rankLeaderboard, type ScoredSubmission } from '../model/leaderboard';

// Reads scored model submissions and ranks them with the pure leaderboard rules.

interface Row extends ScoredSubmission {
  name: string;
}

export async function leaderboardFor(opts: {
  db: Db;
  exercise: { id: string; deadline: Date | null; revealPrivate: boolean };
  viewer: SessionUser;
  now?: Date;
}) {
  const subs = await opts.db.submission.findMany({
    where: { exerciseId: opts.exercise.id, kind: 'model', mode: 'submit', status: 'graded', gradable: true },
    include: { user: { select: { name: true } }, results: { where: { current: true } } },
  });
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
    });
  }
  const revealed = opts.exercise.revealPrivate || isPrivateRevealed({ deadline: opts.exercise.deadline, now: opts.now });
  const rows = rankLeaderboard({ submissions: scored, choices, revealed }).map((r) => ({
    submissionId: r.submission.id,
    userId: r.studentId,
    name: r.submission.name,
    accuracy: r.accuracy,
    params: r.submission.params ?? 0,
    seconds: r.submission.trainSeconds ?? 0,
    createdAt: r.submission.createdAt,
  }));
  return { rows, showPrivate: revealed };
}
