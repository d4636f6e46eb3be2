import type { Db } from '../db';
import { loadAllExercises, type ExerciseInfo } from '../exercises/load';
import { loadCourseFile, type CourseFile } from './course-file';
import { archiveItemsNotIn, isArchivedItem, UI_ITEM_KEY_PREFIX } from '../checklist/archive';
import { completeItemForFullScores } from '../checklist/auto-complete';
import { kindOf } from '../exercises/kinds';

// Files in git are the source of truth for exercises and the checklist; this
// copies them into the database at start-up. An exercise's version is its
// content hash; every version is kept so a student keeps the one they started.

export async function syncContent(opts: { db: Db; course?: CourseFile; exercises?: ExerciseInfo[] }) {
  const { db } = opts;
  const course = opts.course ?? loadCourseFile();
  const exercises = opts.exercises ?? loadAllExercises();

  for (const ex of exercises) {
    const m = ex.meta;
    const definition = JSON.stringify(m);
    const fromFile = {
      title: m.title,
      week: m.week,
      kind: m.kind,
      points: m.points,
      version: ex.contentHash,
      meta: definition,
    };
    await db.exercise.upsert({
      where: { id: m.id },
      // Deadlines and limits set in the web UI win over the file after creation.
      create: {
        id: m.id,
        ...fromFile,
        deadline: m.deadline ? new Date(m.deadline) : null,
        maxAttempts: m.maxAttempts,
        dailyCap: fileDailyCap(m),
      },
      update: { ...fromFile, archived: false },
    });
    await db.exerciseVersion.upsert({
      where: { exerciseId_version: { exerciseId: m.id, version: ex.contentHash } },
      create: { exerciseId: m.id, version: ex.contentHash, definition },
      update: {},
    });
  }
  const fileIds = new Set(exercises.map((e) => e.meta.id));
  // Removed from the files: hide, never delete (submissions keep pointing at it).
  await db.exercise.updateMany({ where: { source: 'files', id: { notIn: [...fileIds] } }, data: { archived: true } });

  const c = await db.course.upsert({
    where: { slug: course.slug },
    create: { slug: course.slug, title: course.title, timeZone: course.timeZone },
    update: { title: course.title, timeZone: course.timeZone },
  });
  const weekNumbers = new Set([...course.weeks.map((w) => w.number), ...exercises.map((e) => e.meta.week)]);
  const written: string[] = [];
  const newlyLinked: string[] = [];
  const plans: { weekId: string; items: { key: string; title: string; detail: string; exerciseId: string | null }[] }[] = [];
  for (const number of [...weekNumbers].sort((a, b) => a - b)) {
    const w = course.weeks.find((x) => x.number === number);
    const week = await db.week.upsert({
      where: { courseId_number: { courseId: c.id, number } },
      create: { courseId: c.id, number, title: w?.title ?? `Week ${number}` },
      update: w ? { title: w.title } : {},
    });
    const items = [
      ...(w?.items ?? []).map((i) => ({ key: i.key, title: i.title, detail: i.detail, exerciseId: i.exercise ?? null })),
      ...exercises
        .filter((e) => e.meta.week === number && !(w?.items ?? []).some((i) => i.exercise === e.meta.id))
        .map((e) => ({ key: `exercise-${e.meta.id}`, title: `Complete “${e.meta.title}”`, detail: '', exerciseId: e.meta.id })),
    ];
    plans.push({ weekId: week.id, items });
  }
  // A key found once in the files but stored in another week moved there:
  // take the row along, so students keep their ticks.
  const keyCount = new Map<string, number>();
  for (const p of plans) for (const i of p.items) keyCount.set(i.key, (keyCount.get(i.key) ?? 0) + 1);
  for (const { weekId, items } of plans) {
    for (const [position, item] of items.entries()) {
      let before = await db.checklistItem.findUnique({ where: { weekId_key: { weekId, key: item.key } } });
      if (!before && keyCount.get(item.key) === 1) {
        const elsewhere = await db.checklistItem.findFirst({ where: { key: item.key, week: { courseId: c.id }, NOT: { key: { startsWith: UI_ITEM_KEY_PREFIX } } } });
        if (elsewhere) before = await db.checklistItem.update({ where: { id: elsewhere.id }, data: { weekId } });
      }
      const row = await db.checklistItem.upsert({
        where: { weekId_key: { weekId, key: item.key } },
        create: { weekId, ...item, position },
        update: { ...item, position, archived: false },
      });
      written.push(row.id);
      // New, re-linked or restored from the archive: students may be done already.
      if (item.exerciseId && (!before || before.exerciseId !== item.exerciseId || isArchivedItem(before))) newlyLinked.push(row.id);
    }
  }
  // Gone from the files: hidden from students, progress kept.
  await archiveItemsNotIn({ db, courseId: c.id, keepIds: written });
  for (const itemId of newlyLinked) await completeItemForFullScores({ db, itemId });
  return { course: c, exercises: exercises.length };
}

/**
 * The daily cap a new exercise row starts with, as its kind reads it from the
 * folder (a model exercise's settings; none for other kinds). Only applied on
 * create: after that the cap is the instructor's to change in the web settings,
 * and a sync never overwrites it.
 */
function fileDailyCap(m: ExerciseInfo['meta']): number | null {
  return kindOf(m.kind).dailyCap(m);
}
