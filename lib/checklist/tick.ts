import type { Db } from '../db';
import { SubmitError } from '../submissions/errors';

/** A student ticks or unticks an item. Items linked to an exercise complete themselves at full score. */
export async function setChecklistItem(opts: { db: Db; userId: string; itemId: string; done: boolean }) {
  const item = await opts.db.checklistItem.findUnique({ where: { id: opts.itemId } });
  if (!item) throw new SubmitError(404, 'No such checklist item.');
  if (item.exerciseId) throw new SubmitError(409, 'This item completes itself when you reach full score on its exercise.');
  if (opts.done) {
    await opts.db.checklistProgress.upsert({
      where: { userId_itemId: { userId: opts.userId, itemId: item.id } },
      create: { userId: opts.userId, itemId: item.id, source: 'manual' },
      update: {},
    });
  } else {
    await opts.db.checklistProgress.deleteMany({ where: { userId: opts.userId, itemId: item.id } });
  }
  return { itemId: item.id, done: opts.done };
}

/** Weeks with items and this student's progress. */
export async function checklistFor(opts: { db: Db; userId: string }) {
  const course = await opts.db.course.findFirst({
    include: { weeks: { orderBy: { number: 'asc' }, include: { items: { orderBy: { position: 'asc' } } } } },
  });
  if (!course) return null;
  const done = await opts.db.checklistProgress.findMany({ where: { userId: opts.userId } });
  const doneIds = new Map(done.map((d) => [d.itemId, d]));
  return {
    course,
    weeks: course.weeks.map((w) => ({
      ...w,
      items: w.items.map((i) => ({ ...i, done: doneIds.has(i.id), source: doneIds.get(i.id)?.source ?? null })),
      doneCount: w.items.filter((i) => doneIds.has(i.id)).length,
    })),
  };
}
