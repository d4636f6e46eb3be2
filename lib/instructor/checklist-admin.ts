import { z } from 'zod';
import type { Db } from '../db';
import { ACTIVE_ITEM, UI_ITEM_KEY_PREFIX } from '../checklist/archive';
import { completeItemForFullScores } from '../checklist/auto-complete';
import { requireInstructor, type SessionUser } from '../auth/roles';
import { loadCourseFile } from '../sync/course-file';
import { AppError } from '../errors';
import { msg } from '../i18n/message';
import { parseInput } from './course';

/** How the checklist editor names its fields in error sentences (messages/*.json checklistEditor). */
const CHECKLIST_LABELS = {
  title: msg('checklistEditor.fieldTitle'),
  detail: msg('checklistEditor.fieldDetail'),
  number: msg('checklistEditor.weekNumber'),
  exerciseId: msg('checklistEditor.fieldExercise'),
};

// Weeks and checklist items edited in the web UI. content/course.yaml is
// re-synced at every start, so what comes from it is edited there: items made
// here get keys starting with "ui-" (the sync never touches them), and items
// or week titles from the file are refused with a pointer to the file.


export const ZChecklistAction = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add-week'), number: z.number().int().min(1).max(100), title: z.string().trim().min(1).max(200) }),
  z.object({ op: z.literal('rename-week'), weekId: z.string().min(1), title: z.string().trim().min(1).max(200) }),
  z.object({
    op: z.literal('add-item'),
    weekId: z.string().min(1),
    title: z.string().trim().min(1).max(300),
    detail: z.string().trim().max(2000).default(''),
    exerciseId: z.string().min(1).nullable().default(null),
  }),
  z.object({ op: z.literal('rename-item'), itemId: z.string().min(1), title: z.string().trim().min(1).max(300), detail: z.string().trim().max(2000).optional() }),
  z.object({ op: z.literal('remove-item'), itemId: z.string().min(1) }),
]);
export type ChecklistAction = z.infer<typeof ZChecklistAction>;

export async function checklistAdmin(opts: { db: Db; user: SessionUser | null }) {
  requireInstructor(opts.user);
  const course = await opts.db.course.findFirst({
    include: { weeks: { orderBy: { number: 'asc' }, include: { items: { where: ACTIVE_ITEM, orderBy: { position: 'asc' } } } } },
  });
  if (!course) return null;
  const fileWeeks = fileWeekNumbers();
  return {
    course: { id: course.id, title: course.title, timeZone: course.timeZone },
    weeks: course.weeks.map((w) => ({
      id: w.id,
      number: w.number,
      title: w.title,
      fromFile: fileWeeks.has(w.number),
      items: w.items.map((i) => ({ id: i.id, key: i.key, title: i.title, detail: i.detail, exerciseId: i.exerciseId, fromFile: !i.key.startsWith(UI_ITEM_KEY_PREFIX) })),
    })),
  };
}
export type ChecklistAdmin = NonNullable<Awaited<ReturnType<typeof checklistAdmin>>>;

export async function applyChecklistAction(opts: { db: Db; user: SessionUser | null; input: unknown }) {
  requireInstructor(opts.user);
  const action = parseInput(ZChecklistAction, opts.input, CHECKLIST_LABELS);
  const { db } = opts;
  switch (action.op) {
    case 'add-week': {
      const course = await db.course.findFirst();
      if (!course) throw new AppError('conflict', msg('apiErrors.instructor.noCourse'));
      const clash = await db.week.findUnique({ where: { courseId_number: { courseId: course.id, number: action.number } } });
      if (clash) throw new AppError('conflict', msg('apiErrors.instructor.weekExists', { number: action.number }));
      await db.week.create({ data: { courseId: course.id, number: action.number, title: action.title } });
      break;
    }
    case 'rename-week': {
      const week = await db.week.findUnique({ where: { id: action.weekId } });
      if (!week) throw new AppError('not_found', msg('apiErrors.instructor.noWeek'));
      if (fileWeekNumbers().has(week.number)) throw new AppError('conflict', msg('apiErrors.instructor.weekTitleFromFile', { number: week.number }));
      await db.week.update({ where: { id: week.id }, data: { title: action.title } });
      break;
    }
    case 'add-item': {
      const week = await db.week.findUnique({ where: { id: action.weekId } });
      if (!week) throw new AppError('not_found', msg('apiErrors.instructor.noWeek'));
      if (action.exerciseId && !(await db.exercise.findUnique({ where: { id: action.exerciseId } }))) {
        throw new AppError('invalid_input', msg('apiErrors.submit.noExercise', { id: action.exerciseId }), { fieldTexts: { exerciseId: msg('apiErrors.instructor.unknownExerciseField') } });
      }
      const last = await db.checklistItem.aggregate({ where: { weekId: week.id }, _max: { position: true } });
      const item = await db.checklistItem.create({
        data: {
          weekId: week.id,
          key: `${UI_ITEM_KEY_PREFIX}${slug(action.title)}-${Math.random().toString(36).slice(2, 8)}`,
          title: action.title,
          detail: action.detail,
          exerciseId: action.exerciseId,
          position: (last._max.position ?? 0) + 1,
        },
      });
      // Students who already have full score on the linked exercise are done.
      if (item.exerciseId) await completeItemForFullScores({ db, itemId: item.id });
      break;
    }
    case 'rename-item': {
      const item = await uiItem(db, action.itemId);
      await db.checklistItem.update({ where: { id: item.id }, data: { title: action.title, ...(action.detail !== undefined ? { detail: action.detail } : {}) } });
      break;
    }
    case 'remove-item': {
      const item = await uiItem(db, action.itemId);
      await db.checklistItem.delete({ where: { id: item.id } });
      break;
    }
  }
  return checklistAdmin(opts);
}

async function uiItem(db: Db, id: string) {
  const item = await db.checklistItem.findUnique({ where: { id } });
  if (!item) throw new AppError('not_found', msg('apiErrors.instructor.noItem'));
  if (!item.key.startsWith(UI_ITEM_KEY_PREFIX)) throw new AppError('conflict', msg('apiErrors.instructor.itemFromFile', { title: item.title }));
  return item;
}

function fileWeekNumbers(): Set<number> {
  try {
    return new Set(loadCourseFile().weeks.map((w) => w.number));
  } catch {
    return new Set();
  }
}

function slug(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'item';
}
