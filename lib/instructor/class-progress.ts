import type { Db } from '../db';

// Students × exercises: best score, graded attempts, lateness; and checklist progress.
export async function classProgress(opts: { db: Db }) {
  const [students, exercises, subs, itemsTotal, ticks, extensions] = await Promise.all([
    opts.db.user.findMany({ where: { role: 'student' }, orderBy: { name: 'asc' } }),
    opts.db.exercise.findMany({ where: { archived: false }, orderBy: [{ week: 'asc' }, { id: 'asc' }] }),
    opts.db.submission.findMany({
      where: { mode: 'submit', status: 'graded', gradable: true },
      select: { userId: true, exerciseId: true, score: true, latePenalty: true },
    }),
    opts.db.checklistItem.count(),
    opts.db.checklistProgress.groupBy({ by: ['userId'], _count: { _all: true } }),
    opts.db.extension.findMany({ select: { userId: true, exerciseId: true } }),
  ]);
  const extended = new Set(extensions.map((x) => `${x.userId}\0${x.exerciseId}`));
  const tickBy = new Map(ticks.map((t) => [t.userId, t._count._all]));
  const rows = students.map((user) => {
    // late: some graded attempt was late; maxPenalty: the largest late penalty (fraction) among them.
    const cells: Record<string, { best: number | null; attempts: number; late: boolean; maxPenalty: number; extended: boolean }> = {};
    for (const s of subs.filter((x) => x.userId === user.id)) {
      const c = (cells[s.exerciseId] ??= { best: null, attempts: 0, late: false, maxPenalty: 0, extended: extended.has(`${user.id}\0${s.exerciseId}`) });
      c.attempts++;
      c.best = Math.max(c.best ?? -Infinity, s.score ?? 0);
      c.late ||= s.latePenalty > 0;
      c.maxPenalty = Math.max(c.maxPenalty, s.latePenalty);
    }
    return { user: { id: user.id, name: user.name, email: user.email }, cells, checklistDone: tickBy.get(user.id) ?? 0 };
  });
  return { exercises: exercises.map((e) => ({ id: e.id, title: e.title, points: e.points })), rows, checklistTotal: itemsTotal };
}
