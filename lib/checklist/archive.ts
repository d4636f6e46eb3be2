import type { Db } from '../db';

// Checklist items that left content/course.yaml are archived, not deleted:
// deleting would cascade to students' progress. The sync clears `archived` on
// every item still in the file, so an item that comes back is restored with
// its history. Readers filter with ACTIVE_ITEM.

/** Prisma `where` for items students (and the class matrix) see. */
export const ACTIVE_ITEM = { archived: false } as const;

export function isArchivedItem(item: { archived: boolean }): boolean {
  return item.archived;
}

/** Items the instructor made in the web UI (and the editor's exercise items) carry this key prefix; the sync leaves them alone. */
export const UI_ITEM_KEY_PREFIX = 'ui-';

/**
 * Archives the course's file-made items that the latest sync did not write.
 * Returns how many were archived now.
 */
export async function archiveItemsNotIn(opts: { db: Db; courseId: string; keepIds: string[] }): Promise<number> {
  const res = await opts.db.checklistItem.updateMany({
    where: {
      week: { courseId: opts.courseId },
      id: { notIn: opts.keepIds },
      NOT: { key: { startsWith: UI_ITEM_KEY_PREFIX } },
      ...ACTIVE_ITEM,
    },
    data: { archived: true },
  });
  return res.count;
}
