import type { Db } from '../db';
import { courseTimeZone } from '../course/time-zone';

// What the student pages read, in one place (pages call these instead of the
// database client): each function is one page's query, nothing is filtered by
// who asks here beyond the student's own id, which the page takes from the session.

/** An exercise's title for the tab, or null when students may not see it (missing or archived). */
export async function visibleExerciseTitle(db: Db, exerciseId: string): Promise<string | null> {
  const e = await db.exercise.findUnique({ where: { id: exerciseId }, select: { title: true, archived: true } });
  return e && !e.archived ? e.title : null;
}

/** The exercise page: the exercise, this student's latest 20 submissions and extension; null for a missing or archived exercise. */
export async function studentExercisePage(db: Db, opts: { userId: string; exerciseId: string }) {
  const [exercise, submissions, extension, timeZone] = await Promise.all([
    db.exercise.findUnique({ where: { id: opts.exerciseId } }),
    db.submission.findMany({ where: { userId: opts.userId, exerciseId: opts.exerciseId }, orderBy: { createdAt: 'desc' }, take: 20 }),
    db.extension.findUnique({ where: { userId_exerciseId: { userId: opts.userId, exerciseId: opts.exerciseId } } }),
    courseTimeZone(db),
  ]);
  if (!exercise || exercise.archived) return null;
  return { exercise, submissions, extension, timeZone };
}

/** The exercise list: open exercises by week, this student's best graded score and extension per exercise. */
export async function studentExerciseList(db: Db, userId: string) {
  const [exercises, best, extensions, timeZone] = await Promise.all([
    db.exercise.findMany({ where: { archived: false }, orderBy: [{ week: 'asc' }, { id: 'asc' }] }),
    db.submission.groupBy({ by: ['exerciseId'], where: { userId, mode: 'submit', status: 'graded' }, _max: { score: true } }),
    db.extension.findMany({ where: { userId } }),
    courseTimeZone(db),
  ]);
  return {
    exercises,
    bestScore: new Map(best.map((b) => [b.exerciseId, b._max.score])),
    extension: new Map(extensions.map((x) => [x.exerciseId, x])),
    timeZone,
  };
}

/** The leaderboard page: the open model exercises, each with a board of its own. */
export async function leaderboardExercises(db: Db) {
  const [exercises, timeZone] = await Promise.all([
    db.exercise.findMany({ where: { kind: 'model', archived: false }, orderBy: { id: 'asc' } }),
    courseTimeZone(db),
  ]);
  return { exercises, timeZone };
}
