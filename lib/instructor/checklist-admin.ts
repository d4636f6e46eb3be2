import { z } from 'zod';
import type { Db } from '../db';
import { ACTIVE_ITEM, UI_ITEM_KEY_PREFIX } from '../checklist/archive';
import { completeItemForFullScores } from '../checklist/auto-complete';
import { requireInstructor, type SessionUser } from '../auth/roles';
import { loadCourseFile } from '../sync/course-file';
import { AppError } from '../errors';
import { parseInput } from './course';

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
  const action = parseInput(ZChecklistAction, opts.input, { title: 'Title', detail: 'Detail', number: 'Week number', exerciseId: 'Linked exercise' });
  const { db } = opts;
  switch (action.op) {
    case 'add-week': {
      const course = await db.course.findFirst();
      if (!course) throw new AppError('conflict', 'No course has been loaded yet.');
      const clash = await db.week.findUnique({ where: { courseId_number: { courseId: course.id, number: action.number } } });
      if (clash) throw new AppError('conflict', `Week ${action.number} exists already.`);
      await db.week.create({ data: { courseId: course.id, number: action.number, title: action.title } });
      break;
    }
    case 'rename-week': {
      const week = await db.week.findUnique({ where: { id: action.weekId } });
      if (!week) throw new AppError('not_found', 'No such week.');
      if (fileWeekNumbers().has(week.number)) throw fromFile(`Week ${week.number}'s title`);
      await db.week.update({ where: { id: week.id }, data: { title: action.title } });
      break;
    }
    case 'add-item': {
      const week = await db.week.findUnique({ where: { id: action.weekId } });
      if (!week) throw new AppError('not_found', 'No such week.');
      if (action.exerciseId && !(await db.exercise.findUnique({ where: { id: action.exerciseId } }))) {
        throw new AppError('invalid_input', `There is no exercise "${action.exerciseId}".`, { fieldErrors: { exerciseId: 'unknown exercise' } });
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
  if (!item) throw new AppError('not_found', 'No such checklist item.');
  if (!item.key.startsWith(UI_ITEM_KEY_PREFIX)) throw fromFile(`“${item.title}”`);
  return item;
}

function fromFile(what: string): AppError {
  return new AppError('conflict', `${what} comes from content/course.yaml (or an exercise folder) and is re-read at every start; edit it there.`);
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
