import fs from 'node:fs';
import { z } from 'zod';
import path from 'node:path';
import type { Db } from '../db';
import { requireInstructor, type SessionUser } from '../auth/roles';
import { validateAuthoredNumeric, type AuthoredNumeric } from '../authoring';
import { authoredVersionHash } from '../authoring/version';
import { ZExerciseMeta } from '../exercises/schema';
import { authoredExercisesDir, authoredFilesIn, exercisesRoot } from '../exercises/load';
import { AppError } from '../errors';
import { msg, type Text } from '../i18n/message';
import { authoredDefinition } from '../submissions/authored';
import { parseInput } from './course';
import { completeItemForFullScores } from '../checklist/auto-complete';
import { UI_ITEM_KEY_PREFIX } from '../checklist/archive';

// Numeric exercises made in the web editor. Each save is validated like
// `convgrade validate` does for an authored .json, stored as a version keyed
// by its content hash (students keep the version they started), and linked
// to a checklist item in its week so it shows on the students' checklist.

export const EDITOR_ITEM_PREFIX = `${UI_ITEM_KEY_PREFIX}exercise-`;

export interface SaveOutcome {
  id: string;
  version: string;
  created: boolean;
  /** false when the definition did not change */
  newVersion: boolean;
}

export async function saveAuthoredExercise(opts: { db: Db; user: SessionUser | null; input: unknown }): Promise<SaveOutcome> {
  requireInstructor(opts.user);
  return storeAuthoredExercise({ db: opts.db, input: opts.input });
}

/**
 * Validates and stores a definition, from the editor or from a file in git.
 * A file whose content is a version already stored changes nothing: the
 * instructor may have edited or hidden the exercise in the web UI since.
 */
export async function storeAuthoredExercise(opts: { db: Db; input: unknown; fromFile?: boolean }): Promise<SaveOutcome> {
  const { db } = opts;
  const checked = validateAuthoredNumeric(opts.input);
  if (!checked.ok) {
    const fieldErrors: Record<string, string> = {};
    const fieldTexts: Record<string, Text[]> = {};
    for (const e of checked.errors) {
      fieldErrors[e.path] = fieldErrors[e.path] ? `${fieldErrors[e.path]}; ${e.message}` : e.message;
      (fieldTexts[e.path] ??= []).push(e.text);
    }
    throw new AppError('invalid_input', msg('apiErrors.instructor.exerciseProblems', { count: checked.errors.length }), { fieldErrors, fieldTexts });
  }
  const def = checked.def;
  const existing = await db.exercise.findUnique({ where: { id: def.id } });
  if ((existing && existing.source !== 'editor') || fs.existsSync(path.join(exercisesRoot(), def.id, 'exercise.yaml'))) {
    throw new AppError('conflict', msg('apiErrors.instructor.fileExerciseId', { id: def.id }), { fieldTexts: { id: msg('apiErrors.instructor.fileExerciseIdField') } });
  }
  const version = authoredVersionHash(def);
  const meta = ZExerciseMeta.parse({ id: def.id, title: def.title, week: def.week, kind: 'numeric', points: def.points, settings: { authored: true } });
  const known = await db.exerciseVersion.findUnique({ where: { exerciseId_version: { exerciseId: def.id, version } } });
  if (known && existing && opts.fromFile) return { id: def.id, version: existing.version, created: false, newVersion: false };
  const fields = { title: def.title, week: def.week, kind: 'numeric', points: def.points, version, meta: JSON.stringify(meta) };
  await db.$transaction([
    db.exercise.upsert({
      where: { id: def.id },
      create: { id: def.id, ...fields, source: 'editor' },
      // Saving in the editor shows a hidden exercise again; a file from git leaves that choice alone.
      update: opts.fromFile ? fields : { ...fields, archived: false },
    }),
    db.exerciseVersion.upsert({
      where: { exerciseId_version: { exerciseId: def.id, version } },
      create: { exerciseId: def.id, version, definition: JSON.stringify({ meta, authored: def }) },
      update: {},
    }),
  ]);
  await linkChecklistItem(db, def);
  return { id: def.id, version, created: !existing, newVersion: !known };
}

/** One checklist item per editor exercise, in the exercise's week (moved if the week changes). */
async function linkChecklistItem(db: Db, def: AuthoredNumeric): Promise<void> {
  const course = await db.course.findFirst();
  if (!course) return;
  const week = await db.week.upsert({
    where: { courseId_number: { courseId: course.id, number: def.week } },
    create: { courseId: course.id, number: def.week, title: `Week ${def.week}` },
    update: {},
  });
  const key = `${EDITOR_ITEM_PREFIX}${def.id}`;
  await db.checklistItem.deleteMany({ where: { key, weekId: { not: week.id } } });
  const last = await db.checklistItem.aggregate({ where: { weekId: week.id }, _max: { position: true } });
  const existed = await db.checklistItem.findUnique({ where: { weekId_key: { weekId: week.id, key } }, select: { id: true } });
  const item = await db.checklistItem.upsert({
    where: { weekId_key: { weekId: week.id, key } },
    create: { weekId: week.id, key, title: `Complete “${def.title}”`, exerciseId: def.id, position: (last._max.position ?? 0) + 1000 },
    update: { title: `Complete “${def.title}”`, exerciseId: def.id },
  });
  // After a move to another week the item is new: students already at full score keep their tick.
  if (!existed) await completeItemForFullScores({ db, itemId: item.id });
}

/**
 * The current definition as a file for git (exercises/authored/<id>.json):
 * `convgrade validate` checks it, and start-up loads it back.
 */
export async function authoredFile(opts: { db: Db; user: SessionUser | null; exerciseId: string }): Promise<{ filename: string; body: string; type: string }> {
  const { def } = await authoredForEdit(opts);
  return { filename: `${def.id}.json`, body: `${JSON.stringify(def, null, 2)}\n`, type: 'application/json' };
}

/**
 * Loads exercises/authored/*.json at start-up. A file with new content is
 * stored like an editor save (a new version; students keep the one they
 * started); a file already loaded changes nothing. A bad file is reported, not fatal.
 */
export async function syncAuthoredFiles(opts: { db: Db; dir?: string }): Promise<{ loaded: string[]; errors: string[] }> {
  const loaded: string[] = [];
  const errors: string[] = [];
  for (const file of authoredFilesIn(opts.dir ?? authoredExercisesDir())) {
    try {
      const input: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      loaded.push((await storeAuthoredExercise({ db: opts.db, input, fromFile: true })).id);
    } catch (e) {
      const fields = e instanceof AppError && e.details.fieldErrors ? ` (${Object.entries(e.details.fieldErrors).map(([k, v]) => `${k}: ${v}`).join('; ')})` : '';
      errors.push(`${file}: ${(e as Error).message}${fields}`);
    }
  }
  return { loaded, errors };
}

/** The current definition, for the editor. */
export async function authoredForEdit(opts: { db: Db; user: SessionUser | null; exerciseId: string }): Promise<{ def: AuthoredNumeric; version: string; versions: { version: string; createdAt: Date; students: number }[] }> {
  requireInstructor(opts.user);
  const ex = await opts.db.exercise.findUnique({ where: { id: opts.exerciseId } });
  if (!ex || ex.source !== 'editor') throw new AppError('not_found', msg('apiErrors.instructor.noEditorExercise', { id: opts.exerciseId }));
  const def = await authoredDefinition({ db: opts.db, exerciseId: ex.id, version: ex.version });
  const [versions, starts] = await Promise.all([
    opts.db.exerciseVersion.findMany({ where: { exerciseId: ex.id }, orderBy: { createdAt: 'desc' }, select: { version: true, createdAt: true } }),
    opts.db.exerciseStart.groupBy({ by: ['version'], where: { exerciseId: ex.id }, _count: { _all: true } }),
  ]);
  const count = new Map(starts.map((s) => [s.version, s._count._all]));
  return { def, version: ex.version, versions: versions.map((v) => ({ ...v, students: count.get(v.version) ?? 0 })) };
}

/** Hides an editor exercise from students (submissions are kept). */
export async function archiveAuthoredExercise(opts: { db: Db; user: SessionUser | null; exerciseId: string; input: unknown }): Promise<{ id: string; archived: boolean }> {
  requireInstructor(opts.user);
  const { archived } = parseInput(z.object({ archived: z.boolean() }), opts.input);
  const ex = await opts.db.exercise.findUnique({ where: { id: opts.exerciseId } });
  if (!ex || ex.source !== 'editor') throw new AppError('not_found', msg('apiErrors.instructor.noEditorExercise', { id: opts.exerciseId }));
  await opts.db.exercise.update({ where: { id: ex.id }, data: { archived } });
  return { id: ex.id, archived };
}
