import type { Db } from '../db';

/** Tick every checklist item linked to an exercise the student just completed at full score. */
export async function completeLinkedChecklistItems(opts: { db: Db; userId: string; exerciseId: string }): Promise<number> {
  const items = await opts.db.checklistItem.findMany({ where: { exerciseId: opts.exerciseId }, select: { id: true } });
  for (const item of items) {
    await opts.db.checklistProgress.upsert({
      where: { userId_itemId: { userId: opts.userId, itemId: item.id } },
      create: { userId: opts.userId, itemId: item.id, source: 'auto' },
      update: {},
    });
  }
  return items.length;
}
