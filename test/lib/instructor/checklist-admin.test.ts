import { beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../helpers/test-db';
import { syncContent } from '../../../lib/sync/sync-content';
import { applyChecklistAction, checklistAdmin } from '../../../lib/instructor/checklist-admin';
import { checklistFor, setChecklistItem } from '../../../lib/checklist/tick';
import { AppError } from '../../../lib/errors';
import type { SessionUser } from '../../../lib/auth/roles';
import type { Db } from '../../../lib/db';
import { sessionUser } from './helpers';
import { makeSubmission, okResult } from '../../helpers/fixtures';
import { recordResult } from '../../../lib/queue/recorder';

let db: Db;
let instructor: SessionUser;
let student: SessionUser;
beforeEach(async () => {
  db = createTestDb().db;
  await syncContent({ db });
  instructor = await sessionUser(db, 'instructor');
  student = await sessionUser(db, 'student');
});

const week = async (n: number) => (await checklistAdmin({ db, user: instructor }))!.weeks.find((w) => w.number === n)!;
const act = (input: unknown) => applyChecklistAction({ db, user: instructor, input });
const fails = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as AppError);

describe('weeks and checklist items in the web UI', () => {
  it('adds, renames and removes an item; students see it; a re-sync from course.yaml keeps it', async () => {
    const w1 = await week(1);
    await act({ op: 'add-item', weekId: w1.id, title: 'Read the pooling notes', detail: 'Section 3' });
    const item = (await week(1)).items.find((i) => i.title === 'Read the pooling notes')!;
    expect(item).toMatchObject({ fromFile: false, detail: 'Section 3' });
    expect(item.key).toMatch(/^ui-read-the-pooling-notes-/);
    await setChecklistItem({ db, userId: student.id, itemId: item.id, done: true });

    await act({ op: 'rename-item', itemId: item.id, title: 'Read the pooling chapter' });
    await syncContent({ db });
    const seen = (await checklistFor({ db, userId: student.id }))!.weeks.find((w) => w.number === 1)!;
    const mine = seen.items.find((i) => i.id === item.id)!;
    expect(mine).toMatchObject({ title: 'Read the pooling chapter', done: true });
    expect(seen.items.at(-1)!.id).toBe(item.id); // after the file's items

    await act({ op: 'remove-item', itemId: item.id });
    expect(await db.checklistItem.findUnique({ where: { id: item.id } })).toBeNull();
    expect(await db.checklistProgress.count({ where: { userId: student.id } })).toBe(0);
  });

  it('refuses to edit items and week titles that come from course.yaml', async () => {
    const w1 = await week(1);
    const fileItem = w1.items.find((i) => i.key === 'install-environment')!;
    expect(fileItem.fromFile).toBe(true);
    const before = await db.checklistItem.findMany({ orderBy: { id: 'asc' } });
    expect((await fails(act({ op: 'rename-item', itemId: fileItem.id, title: 'x' })))?.code).toBe('conflict');
    expect((await fails(act({ op: 'remove-item', itemId: fileItem.id })))?.message).toMatch(/course\.yaml/);
    expect((await fails(act({ op: 'rename-week', weekId: w1.id, title: 'x' })))?.code).toBe('conflict');
    expect(await db.checklistItem.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
  });

  it('adds a week, renames it, and links an item to an exercise', async () => {
    await act({ op: 'add-week', number: 9, title: 'Projects' });
    expect((await fails(act({ op: 'add-week', number: 9, title: 'Again' })))?.code).toBe('conflict');
    const w9 = await week(9);
    expect(w9.fromFile).toBe(false);
    await act({ op: 'rename-week', weekId: w9.id, title: 'Final projects' });
    await act({ op: 'add-item', weekId: w9.id, title: 'Pass the output-size quiz', exerciseId: 'conv-output-size' });
    expect((await fails(act({ op: 'add-item', weekId: w9.id, title: 'x', exerciseId: 'nope' })))?.code).toBe('invalid_input');
    const after = await week(9);
    expect(after.title).toBe('Final projects');
    expect(after.items.map((i) => [i.title, i.exerciseId])).toEqual([['Pass the output-size quiz', 'conv-output-size']]);
    await syncContent({ db });
    expect((await week(9)).title).toBe('Final projects');
  });

  it('an item linked to an exercise is ticked at once for students who already have full score', async () => {
    const done = await makeSubmission(db, { userId: student.id, exerciseId: 'conv3x3' });
    await recordResult({ db, submissionId: done.id, run: 1, result: okResult(10, 10) });
    const other = await sessionUser(db, 'student');
    const partial = await makeSubmission(db, { userId: other.id, exerciseId: 'conv3x3' });
    await recordResult({ db, submissionId: partial.id, run: 1, result: okResult(4, 10) });
    const w1 = await week(1);
    await act({ op: 'add-item', weekId: w1.id, title: 'Conv3x3 again, for the review', exerciseId: 'conv3x3' });
    const item = (await week(1)).items.find((i) => i.title === 'Conv3x3 again, for the review')!;
    expect(await db.checklistProgress.findMany({ where: { itemId: item.id }, select: { userId: true, source: true } })).toEqual([{ userId: student.id, source: 'auto' }]);
  });

  it('rejects malformed actions with a 400', async () => {
    expect((await fails(act({ op: 'drop-table' })))?.code).toBe('invalid_input');
    expect((await fails(act({ op: 'add-item', weekId: (await week(1)).id, title: '   ' })))?.code).toBe('invalid_input');
  });
});
