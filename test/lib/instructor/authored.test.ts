import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestDb } from '../../helpers/test-db';
import { syncContent } from '../../../lib/sync/sync-content';
import { producerConnection } from '../../../lib/queue/connection';
import { openQueues } from '../../../lib/queue/producer';
import { submitWork } from '../../../lib/submissions/submit';
import { AppError } from '../../../lib/errors';
import { authoredVariantFor } from '../../../lib/submissions/authored';
import { archiveAuthoredExercise, authoredFile, authoredForEdit, saveAuthoredExercise, syncAuthoredFiles } from '../../../lib/instructor/authored-exercises';
import { validatePath } from '../../../cli/validate';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checklistFor } from '../../../lib/checklist/tick';
import { authoredAnswer, authoredParams } from '../../../lib/authoring';
import { variantSeed } from '../../../lib/exercises/numeric';
import type { SessionUser } from '../../../lib/auth/roles';
import type { Db } from '../../../lib/db';
import { convDef, sessionUser } from './helpers';
import { testExercises } from '../../helpers/exercises';

const queues = openQueues(producerConnection(`${inject('redisUrl')}/13`));
afterAll(() => queues.close());

const ID = 'editor-conv-out';
let db: Db;
let instructor: SessionUser;
let student: SessionUser;
beforeEach(async () => {
  db = createTestDb().db;
  await syncContent({ db });
  instructor = await sessionUser(db, 'instructor');
  student = await sessionUser(db, 'student');
});

const answerFor = (def: ReturnType<typeof convDef>, user: SessionUser) => authoredAnswer(def, authoredParams(def, variantSeed(user.id, ID)));

describe('editor-made numeric exercises', () => {
  it('saving creates the exercise, a version and a checklist item in its week; re-saving unchanged keeps the version', async () => {
    const first = await saveAuthoredExercise({ db, user: instructor, input: convDef() });
    expect(first).toMatchObject({ id: ID, created: true, newVersion: true });
    const ex = await db.exercise.findUniqueOrThrow({ where: { id: ID } });
    expect(ex).toMatchObject({ source: 'editor', kind: 'numeric', week: 2, points: 10, version: first.version });
    const again = await saveAuthoredExercise({ db, user: instructor, input: convDef() });
    expect(again).toMatchObject({ version: first.version, created: false, newVersion: false });
    expect(await db.exerciseVersion.count({ where: { exerciseId: ID } })).toBe(1);
    const week2 = (await checklistFor({ db, userId: student.id }))!.weeks.find((w) => w.number === 2)!;
    expect(week2.items.filter((i) => i.exerciseId === ID).map((i) => i.title)).toEqual(['Complete “Output size (editor)”']);
  });

  it('the checklist item follows the exercise to another week, and survives a content re-sync', async () => {
    await saveAuthoredExercise({ db, user: instructor, input: convDef() });
    // A student completes it in week 2; the tick follows the item to week 3.
    await submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: ID, body: { answer: answerFor(convDef(), student) } });
    await saveAuthoredExercise({ db, user: instructor, input: convDef({ week: 3 }) });
    await syncContent({ db });
    const items = await db.checklistItem.findMany({ where: { exerciseId: ID }, include: { week: true, progress: true } });
    expect(items.map((i) => i.week.number)).toEqual([3]);
    expect(items[0]!.progress.map((p) => p.userId)).toEqual([student.id]);
    expect((await db.exercise.findUniqueOrThrow({ where: { id: ID } })).archived).toBe(false);
  });

  it('refuses invalid definitions with errors keyed by field, and ids of file exercises', async () => {
    const bad = await saveAuthoredExercise({
      db,
      user: instructor,
      input: convDef({ fields: [{ name: 'out', label: 'Out', type: 'integer', formula: 'n / 0' }], prompt: 'Uses {{q}}' }),
    }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(AppError);
    expect(Object.keys((bad as AppError).details.fieldErrors!)).toEqual(expect.arrayContaining(['prompt']));
    const stolen = await saveAuthoredExercise({ db, user: instructor, input: convDef({ id: 'conv-output-size' }) }).catch((e: unknown) => e);
    expect((stolen as AppError).code).toBe('conflict');
    expect(await db.exercise.count({ where: { source: 'editor' } })).toBe(0);
    expect((await db.exercise.findUniqueOrThrow({ where: { id: 'conv-output-size' } })).source).toBe('files');
  });

  it('a student keeps the version they started: same numbers and grading after the instructor edits', async () => {
    const v1 = await saveAuthoredExercise({ db, user: instructor, input: convDef() });
    const ex1 = await db.exercise.findUniqueOrThrow({ where: { id: ID } });
    const seen = await authoredVariantFor({ db, userId: student.id, exercise: ex1 });
    expect(seen.version).toBe(v1.version);

    const edited = convDef({ params: [{ name: 'n', min: 200, max: 220 }, { name: 'k', choices: [7] }] });
    const v2 = await saveAuthoredExercise({ db, user: instructor, input: edited });
    expect(v2.version).not.toBe(v1.version);
    const ex2 = await db.exercise.findUniqueOrThrow({ where: { id: ID } });
    const again = await authoredVariantFor({ db, userId: student.id, exercise: ex2 });
    expect(again.version).toBe(v1.version);
    expect(again.variant.params).toEqual(seen.variant.params);

    // Graded against v1: the v1 answer is right, even though v2 would expect something else.
    const out = await submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: ID, body: { answer: answerFor(convDef(), student) } });
    const sub = await db.submission.findUniqueOrThrow({ where: { id: out.submissionId } });
    expect(sub).toMatchObject({ score: 10, exerciseVersion: v1.version });

    // A student who starts now gets v2.
    const late = await sessionUser(db, 'student');
    const fresh = await authoredVariantFor({ db, userId: late.id, exercise: ex2 });
    expect(fresh.version).toBe(v2.version);
    expect(fresh.variant.params.k).toBe(7);
    const out2 = await submitWork({ exercises: testExercises, db, queues, user: late, exerciseId: ID, body: { answer: answerFor(edited, late) } });
    expect((await db.submission.findUniqueOrThrow({ where: { id: out2.submissionId } })).score).toBe(10);

    const forEdit = await authoredForEdit({ db, user: instructor, exerciseId: ID });
    expect(forEdit.def.params).toEqual(edited.params);
    expect(Object.fromEntries(forEdit.versions.map((v) => [v.version, v.students]))).toEqual({ [v1.version]: 1, [v2.version]: 1 });
  });

  it('a student who submits without opening the page is pinned to the version of that moment', async () => {
    const v1 = await saveAuthoredExercise({ db, user: instructor, input: convDef() });
    await submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: ID, body: { answer: answerFor(convDef(), student) } });
    await saveAuthoredExercise({ db, user: instructor, input: convDef({ params: [{ name: 'n', min: 50, max: 60 }, { name: 'k', choices: [3] }] }) });
    const start = await db.exerciseStart.findUniqueOrThrow({ where: { userId_exerciseId: { userId: student.id, exerciseId: ID } } });
    expect(start.version).toBe(v1.version);
  });

  it('malformed answers cost nothing; archived exercises cannot be submitted', async () => {
    await saveAuthoredExercise({ db, user: instructor, input: convDef() });
    const bad = await submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: ID, body: { answer: { out: 'seven' } } }).catch((e: unknown) => e);
    expect((bad as AppError).code).toBe('invalid_input');
    expect((bad as AppError).details.fieldErrors?.out).toBeTruthy();
    expect(await db.submission.count()).toBe(0);
    await archiveAuthoredExercise({ db, user: instructor, exerciseId: ID, input: { archived: true } });
    const gone = await submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: ID, body: { answer: answerFor(convDef(), student) } }).catch((e: unknown) => e);
    expect((gone as AppError).code).toBe('not_found');
  });

  it('goes into git as a file and comes back: download, commit to exercises/authored, validate, load at start-up', async () => {
    const saved = await saveAuthoredExercise({ db, user: instructor, input: convDef() });
    const file = await authoredFile({ db, user: instructor, exerciseId: ID });
    expect(file.filename).toBe(`${ID}.json`);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-authored-'));
    const dir = path.join(root, 'authored');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, file.filename), file.body);
    fs.writeFileSync(path.join(dir, 'broken.json'), JSON.stringify(convDef({ id: 'broken-one', fields: [{ name: 'out', label: 'Out', type: 'integer', formula: 'n +* k' }] })));

    const reports = await validatePath(root, { seeds: 20 });
    expect(reports.map((r) => [path.basename(r.target), r.ok])).toEqual([
      ['broken.json', false],
      [`${ID}.json`, true],
    ]);

    // A fresh database (another machine): the committed file recreates the same version.
    const fresh = createTestDb().db;
    await syncContent({ db: fresh });
    const out = await syncAuthoredFiles({ db: fresh, dir });
    expect(out.loaded).toEqual([ID]);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toMatch(/broken\.json: .*nothing was saved.*formula/);
    expect(await fresh.exercise.findUniqueOrThrow({ where: { id: ID } })).toMatchObject({ source: 'editor', version: saved.version });
    expect(await fresh.exercise.findUnique({ where: { id: 'broken-one' } })).toBeNull();

    // Later web edits and hiding survive the next start, which reads the same file again.
    await saveAuthoredExercise({ db: fresh, user: instructor, input: convDef({ title: 'Edited on the web' }) });
    await fresh.exercise.update({ where: { id: ID }, data: { archived: true } });
    await syncAuthoredFiles({ db: fresh, dir });
    expect(await fresh.exercise.findUniqueOrThrow({ where: { id: ID } })).toMatchObject({ title: 'Edited on the web', archived: true });
  });
});
