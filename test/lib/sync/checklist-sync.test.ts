import { beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../helpers/test-db';
import { makeUser } from '../../helpers/fixtures';
import { syncContent } from '../../../lib/sync/sync-content';
import { loadCourseFile, type CourseFile } from '../../../lib/sync/course-file';
import { checklistFor, setChecklistItem } from '../../../lib/checklist/tick';
import { UI_ITEM_KEY_PREFIX } from '../../../lib/checklist/archive';
import { AppError } from '../../../lib/errors';
import { loadAllExercises } from '../../../lib/exercises/load';
import type { Db } from '../../../lib/db';

// The checklist follows content/course.yaml: items removed there disappear for
// students but keep their history; items newly linked to an exercise are
// completed for students who already have full score on it.

const base = loadCourseFile();
const all = loadAllExercises();
const numeric = all.find((e) => e.meta.id === 'conv-output-size')!;

function course(edit: (c: CourseFile) => void): CourseFile {
  const c = structuredClone(base);
  edit(c);
  return c;
}
const week = (c: CourseFile, n: number) => c.weeks.find((w) => w.number === n)!;

let db: Db;
let userId: string;
beforeEach(async () => {
  db = createTestDb().db;
  await syncContent({ db, course: base, exercises: all });
  userId = (await makeUser(db)).id;
});

const visibleTitles = async (uid = userId) => (await checklistFor({ db, userId: uid }))!.weeks.flatMap((w) => w.items.map((i) => i.title));
const item = (key: string) => db.checklistItem.findFirstOrThrow({ where: { key } });

async function fullScore(uid: string, exerciseId: string, opts: { score?: number; mode?: string } = {}) {
  const sub = await db.submission.create({
    data: { userId: uid, exerciseId, exerciseVersion: 'v', kind: 'numeric', mode: opts.mode ?? 'submit', payload: '{}', status: 'graded' },
  });
  await db.result.create({ data: { submissionId: sub.id, runKey: 'run-1', json: '{}', score: opts.score ?? 3, maxScore: 3, gradable: true } });
}

describe('checklist sync: removed items', () => {
  it('hides an item deleted from the course file, keeps its ticks, and restores it when it comes back', async () => {
    const install = await item('install-environment');
    await setChecklistItem({ db, userId, itemId: install.id, done: true });
    const without = course((c) => (week(c, 1).items = week(c, 1).items.filter((i) => i.key !== 'install-environment')));

    await syncContent({ db, course: without, exercises: all });
    expect(await visibleTitles()).not.toContain('Install all necessary environments');
    expect(await visibleTitles()).toContain('Re-run all the lecture scripts');
    expect((await checklistFor({ db, userId }))!.weeks.find((w) => w.number === 1)!.doneCount).toBe(0);
    // History kept: the row and the student's tick are still there.
    expect(await db.checklistProgress.count({ where: { itemId: install.id, userId } })).toBe(1);
    // A stale page cannot tick it.
    await expect(setChecklistItem({ db, userId, itemId: install.id, done: false })).rejects.toMatchObject({ code: 'conflict' });
    await expect(setChecklistItem({ db, userId, itemId: install.id, done: true })).rejects.toBeInstanceOf(AppError);

    await syncContent({ db, course: base, exercises: all });
    const back = (await checklistFor({ db, userId }))!.weeks.find((w) => w.number === 1)!;
    const restored = back.items.find((i) => i.key === 'install-environment')!;
    expect(restored).toMatchObject({ id: install.id, done: true, position: 0 });
  });

  it("hides a removed exercise's item and a week whose every item went, but never an instructor's own items", async () => {
    const w2 = await db.week.findFirstOrThrow({ where: { number: 2 } });
    const mine = await db.checklistItem.create({ data: { weekId: w2.id, key: `${UI_ITEM_KEY_PREFIX}read-paper-x1`, title: 'Read the LeNet paper', position: 1000 } });
    const emptyWeek = await db.week.create({ data: { courseId: w2.courseId, number: 40, title: 'Made in the web UI' } });

    const week1Only = all.filter((e) => e.meta.week !== 2);
    const noWeek2Items = course((c) => (week(c, 2).items = []));
    await syncContent({ db, course: noWeek2Items, exercises: week1Only });
    const view = (await checklistFor({ db, userId }))!;
    expect(view.weeks.find((w) => w.number === 2)!.items.map((i) => i.id)).toEqual([mine.id]);
    expect(view.weeks.some((w) => w.id === emptyWeek.id)).toBe(true);

    await db.checklistItem.delete({ where: { id: mine.id } });
    const again = (await checklistFor({ db, userId }))!;
    expect(again.weeks.some((w) => w.number === 2)).toBe(false);
    // The archived rows themselves are kept.
    expect(await db.checklistItem.count({ where: { weekId: w2.id } })).toBeGreaterThan(0);
  });

  it('moves an item that changed weeks, with its ticks', async () => {
    const rerun = await item('rerun-scripts');
    await setChecklistItem({ db, userId, itemId: rerun.id, done: true });
    const moved = course((c) => {
      const it = week(c, 1).items.find((i) => i.key === 'rerun-scripts')!;
      week(c, 1).items = week(c, 1).items.filter((i) => i !== it);
      week(c, 2).items.push(it);
    });
    await syncContent({ db, course: moved, exercises: all });
    const view = (await checklistFor({ db, userId }))!;
    expect(view.weeks.find((w) => w.number === 1)!.items.some((i) => i.key === 'rerun-scripts')).toBe(false);
    expect(view.weeks.find((w) => w.number === 2)!.items.find((i) => i.key === 'rerun-scripts')).toMatchObject({ id: rerun.id, done: true });
  });
});

describe('checklist sync: newly linked items', () => {
  it('completes an item newly linked to an exercise for students already at full score, and only them', async () => {
    const partial = (await makeUser(db)).id;
    const onlyVisible = (await makeUser(db)).id;
    const stale = (await makeUser(db)).id;
    await fullScore(userId, numeric.meta.id);
    await fullScore(partial, numeric.meta.id, { score: 2 });
    await fullScore(onlyVisible, numeric.meta.id, { mode: 'visible' });
    // full score once, but a regrade made a lower result current
    await fullScore(stale, numeric.meta.id);
    await db.result.updateMany({ where: { submission: { userId: stale } }, data: { current: false } });

    const linked = course((c) => week(c, 1).items.find((i) => i.key === 'predict-image')!.exercise = numeric.meta.id);
    await syncContent({ db, course: linked, exercises: all });
    const predict = await item('predict-image');
    expect(predict.exerciseId).toBe(numeric.meta.id);
    const ticked = await db.checklistProgress.findMany({ where: { itemId: predict.id } });
    expect(ticked.map((t) => t.userId)).toEqual([userId]);
    expect(ticked[0]!.source).toBe('auto');
    expect((await checklistFor({ db, userId }))!.weeks.flatMap((w) => w.items).find((i) => i.id === predict.id)).toMatchObject({ done: true, source: 'auto' });
    // The exercise's generated item gave way to the course file's link.
    expect(await visibleTitles()).not.toContain(`Complete “${numeric.meta.title}”`);
  });

  it('a brand-new linked item is completed too, and a later sync changes nothing', async () => {
    await fullScore(userId, 'maxpool2');
    const added = course((c) => week(c, 1).items.push({ key: 'pooling-done', title: 'Pool like a pro', detail: '', exercise: 'maxpool2' }));
    await syncContent({ db, course: added, exercises: all });
    const pooling = await item('pooling-done');
    expect(await db.checklistProgress.count({ where: { itemId: pooling.id, userId } })).toBe(1);
    // The student unticks nothing (linked items cannot be unticked); a repeat sync neither adds nor removes.
    await syncContent({ db, course: added, exercises: all });
    expect(await db.checklistProgress.count({ where: { itemId: pooling.id } })).toBe(1);
  });
});
