import type { Db } from '../db';
import { AppError } from '../errors';
import { msg } from '../i18n/message';
import { isArchivedItem } from './archive';

/** A student ticks or unticks an item. Items linked to an exercise complete themselves at full score. */
export async function setChecklistItem(opts: { db: Db; userId: string; itemId: string; done: boolean }) {
  const item = await opts.db.checklistItem.findUnique({ where: { id: opts.itemId } });
  if (!item) throw new AppError('not_found', msg('apiErrors.checklist.noItem'));
  if (isArchivedItem(item)) throw new AppError('conflict', msg('apiErrors.checklist.removed'));
  if (item.exerciseId) throw new AppError('conflict', msg('apiErrors.checklist.automatic'));
  if (opts.done) {
    await opts.db.checklistProgress.upsert({
      where: { userId_itemId: { userId: opts.userId, itemId: item.id } },
      create: { userId: opts.userId, itemId: item.id, source: 'manual' },
      // a no-op update, not {}: Prisma then upserts with INSERT ... ON CONFLICT, which two
      // nodes can run at once (with {} it reads, then inserts, and the second fails on PostgreSQL)
      update: { userId: opts.userId },
    });
  } else {
    await opts.db.checklistProgress.deleteMany({ where: { userId: opts.userId, itemId: item.id } });
  }
  return { itemId: item.id, done: opts.done };
}

/** Weeks with items and this student's progress. Archived items (gone from the course file) are left out. */
export async function checklistFor(opts: { db: Db; userId: string }) {
  const found = await opts.db.course.findFirst({
    include: { weeks: { orderBy: { number: 'asc' }, include: { items: { orderBy: { position: 'asc' } } } } },
  });
  if (!found) return null;
  // A week whose every item was archived went with them; an empty week (new, no items yet) stays.
  const weeks = found.weeks
    .map((w) => ({ ...w, items: w.items.filter((i) => !isArchivedItem(i)), hadItems: w.items.length > 0 }))
    .filter((w) => w.items.length > 0 || !w.hadItems)
    .map(({ hadItems: _, ...w }) => w);
  const course = { ...found, weeks };
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
