import type { Db } from '../db';

/** The course's time zone (course.yaml), in which every deadline and date is shown; UTC before the first sync. */
export async function courseTimeZone(db: Db): Promise<string> {
  return (await db.course.findFirst({ select: { timeZone: true } }))?.timeZone ?? 'UTC';
}
