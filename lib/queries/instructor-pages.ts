import type { Db } from '../db';
import { courseTimeZone } from '../course/time-zone';

// What the instructor pages read beyond the instructor actions in
// lib/instructor (which check the role themselves). The pages call these only
// after pageInstructor() has admitted the viewer.

/** An exercise's title for the tab (archived ones included), or null. */
export async function exerciseTitle(db: Db, exerciseId: string): Promise<string | null> {
  return (await db.exercise.findUnique({ where: { id: exerciseId }, select: { title: true } }))?.title ?? null;
}

/** A user's name for the tab, or null. */
export async function userName(db: Db, userId: string): Promise<string | null> {
  return (await db.user.findUnique({ where: { id: userId }, select: { name: true } }))?.name ?? null;
}

/** Every exercise, archived last, with how many submissions each has. */
export async function exerciseOverview(db: Db) {
  const [exercises, counts, timeZone] = await Promise.all([
    db.exercise.findMany({ orderBy: [{ archived: 'asc' }, { week: 'asc' }, { id: 'asc' }] }),
    db.submission.groupBy({ by: ['exerciseId'], _count: { _all: true } }),
    courseTimeZone(db),
  ]);
  return { exercises, submissions: new Map(counts.map((c) => [c.exerciseId, c._count._all])), timeZone };
}

/** One exercise's page: the students (for extensions) and its latest 200 submissions with their authors. */
export async function exerciseActivity(db: Db, exerciseId: string) {
  const [students, submissions] = await Promise.all([
    db.user.findMany({ where: { role: 'student' }, orderBy: { name: 'asc' }, select: { id: true, name: true, email: true } }),
    db.submission.findMany({ where: { exerciseId }, include: { user: { select: { name: true } } }, orderBy: { createdAt: 'desc' }, take: 200 }),
  ]);
  return { students, submissions };
}

/** The exercises made in the web editor. */
export function editorExercises(db: Db) {
  return db.exercise.findMany({ where: { source: 'editor' }, orderBy: { id: 'asc' } });
}

/** An exercise row with the course time zone, for the editor page. */
export async function exerciseWithTimeZone(db: Db, exerciseId: string) {
  const [exercise, timeZone] = await Promise.all([db.exercise.findUniqueOrThrow({ where: { id: exerciseId } }), courseTimeZone(db)]);
  return { exercise, timeZone };
}

/** The open exercises a checklist item may link to. */
export function linkableExercises(db: Db) {
  return db.exercise.findMany({ where: { archived: false }, orderBy: [{ week: 'asc' }, { id: 'asc' }], select: { id: true, title: true } });
}
