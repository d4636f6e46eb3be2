import type { Db } from '../db';

/**
 * The writes that tick every checklist item linked to an exercise the student
 * just completed at full score, not yet run: the recorder puts them in the
 * same transaction as the result, so a result is never stored without its ticks.
 */
export async function linkedChecklistTicks(opts: { db: Db; userId: string; exerciseId: string }) {
  const items = await opts.db.checklistItem.findMany({ where: { exerciseId: opts.exerciseId }, select: { id: true } });
  return items.map((item) =>
    opts.db.checklistProgress.upsert({
      where: { userId_itemId: { userId: opts.userId, itemId: item.id } },
      create: { userId: opts.userId, itemId: item.id, source: 'auto' },
      // a no-op update, not {}: Prisma then upserts with INSERT ... ON CONFLICT, which two
      // nodes can run at once (with {} it reads, then inserts, and the second fails on PostgreSQL)
      update: { userId: opts.userId },
    }),
  );
}

/** Full score, as both the recorder and a new link judge it: a gradable result at its maximum. */
export function isFullScore(r: { gradable: boolean | null; score: number; maxScore: number }): boolean {
  return r.gradable === true && r.maxScore > 0 && r.score >= r.maxScore;
}

/**
 * An item just linked to an exercise: tick it for every student whose current
 * result on that exercise is already full score, by the same rule the
 * recorder applies when a result comes in (a counted submission, gradable,
 * raw score at the maximum). Returns how many students were ticked now.
 */
export async function completeItemForFullScores(opts: { db: Db; itemId: string }): Promise<number> {
  const item = await opts.db.checklistItem.findUnique({ where: { id: opts.itemId }, select: { id: true, exerciseId: true, progress: { select: { userId: true } } } });
  if (!item?.exerciseId) return 0;
  const results = await opts.db.result.findMany({
    where: { current: true, submission: { exerciseId: item.exerciseId, mode: 'submit' } },
    select: { score: true, maxScore: true, gradable: true, submission: { select: { userId: true } } },
  });
  const done = new Set(item.progress.map((p) => p.userId));
  const users = new Set(results.filter(isFullScore).map((r) => r.submission.userId).filter((u) => !done.has(u)));
  for (const userId of users) {
    await opts.db.checklistProgress.upsert({
      where: { userId_itemId: { userId, itemId: item.id } },
      create: { userId, itemId: item.id, source: 'auto' },
      // a no-op update, not {}: Prisma then upserts with INSERT ... ON CONFLICT, which two
      // nodes can run at once (with {} it reads, then inserts, and the second fails on PostgreSQL)
      update: { userId },
    });
  }
  return users.size;
}
