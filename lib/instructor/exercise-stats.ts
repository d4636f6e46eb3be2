import type { Db } from '../db';
import { requireInstructor, type SessionUser } from '../auth/roles';
import { ZGradeResult } from '../grading/results';
import { exerciseOr404 } from './course';
import { SCORED_SUBMISSION } from './scored';

// Per-exercise statistics over graded submit-mode work: the distribution of
// each student's best score (after late penalty) in ten bins of the maximum,
// and which tests fail most often in the current result of every submission.

export const BINS = 10;

export async function exerciseStats(opts: { db: Db; user: SessionUser | null; exerciseId: string }) {
  requireInstructor(opts.user);
  const ex = await exerciseOr404(opts.db, opts.exerciseId);
  const subs = await opts.db.submission.findMany({
    where: { exerciseId: ex.id, ...SCORED_SUBMISSION },
    select: { userId: true, score: true, latePenalty: true, results: { where: { current: true }, select: { json: true } } },
  });
  const best = new Map<string, number>();
  for (const s of subs) best.set(s.userId, Math.max(best.get(s.userId) ?? -Infinity, s.score ?? 0));
  const bins = Array.from({ length: BINS }, (_, i) => ({
    from: round((ex.points * i) / BINS),
    to: round((ex.points * (i + 1)) / BINS),
    students: 0,
  }));
  for (const score of best.values()) {
    const i = Math.min(BINS - 1, Math.max(0, Math.floor((score / ex.points) * BINS)));
    bins[i]!.students++;
  }
  const tests = new Map<string, { name: string; failed: number; runs: number }>();
  for (const s of subs) {
    const current = s.results[0];
    if (!current) continue;
    const parsed = ZGradeResult.safeParse(JSON.parse(current.json));
    if (!parsed.success) continue;
    for (const t of parsed.data.tests) {
      const row = tests.get(t.name) ?? { name: t.name, failed: 0, runs: 0 };
      row.runs++;
      if (t.status === 'failed') row.failed++;
      tests.set(t.name, row);
    }
  }
  const scores = [...best.values()];
  return {
    exercise: { id: ex.id, title: ex.title, points: ex.points, kind: ex.kind },
    submissions: subs.length,
    students: best.size,
    mean: scores.length ? round(scores.reduce((a, b) => a + b, 0) / scores.length) : null,
    fullMarks: scores.filter((s) => s >= ex.points).length,
    late: subs.filter((s) => s.latePenalty > 0).length,
    distribution: bins,
    mostFailed: [...tests.values()]
      .filter((t) => t.failed > 0)
      .sort((a, b) => b.failed - a.failed || b.failed / b.runs - a.failed / a.runs || a.name.localeCompare(b.name))
      .slice(0, 10),
  };
}
export type ExerciseStats = Awaited<ReturnType<typeof exerciseStats>>;

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
