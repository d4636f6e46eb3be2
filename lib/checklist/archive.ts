import type { Db } from '../db';

// Checklist items that left content/course.yaml are archived, not deleted:
// deleting would cascade to students' progress. Until ChecklistItem has an
// `archived` column, an archived item is marked by a negative position. The
// sync writes a position >= 0 to every item still in the file, so an item
// that comes back is restored with its history. Readers filter with
// ACTIVE_ITEM; nothing outside this module should know the encoding.

export const ARCHIVED_POSITION = -1;

/** Prisma `where` for items students see. */
export const ACTIVE_ITEM = { position: { gte: 0 } } as const;

export function isArchivedItem(item: { position: number }): boolean {
  return item.position < 0;
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
    data: { position: ARCHIVED_POSITION },
  });
  return res.count;
}
