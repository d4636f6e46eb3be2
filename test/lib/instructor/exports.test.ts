import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { createTestDb } from '../../helpers/test-db';
import { makeSubmission, okResult } from '../../helpers/fixtures';
import { syncContent } from '../../../lib/sync/sync-content';
import { producerConnection } from '../../../lib/queue/connection';
import { openQueues } from '../../../lib/queue/producer';
import { recordResult } from '../../../lib/queue/recorder';
import { submitWork } from '../../../lib/submissions/submit';
import { gradesCsv, submissionResultsJson } from '../../../lib/instructor/exports';
import { updateExerciseSettings } from '../../../lib/instructor/exercise-settings';
import { variantSeed } from '../../../lib/exercises/numeric';
import { testExercises, correctAnswer } from '../../helpers/exercises';
import { ZGradeResult } from '../../../lib/grading/results';
import type { SessionUser } from '../../../lib/auth/roles';
import type { Db } from '../../../lib/db';
import { sessionUser } from './helpers';

const queues = openQueues(producerConnection(`${inject('redisUrl')}/13`));
afterAll(() => queues.close());

let db: Db;
let instructor: SessionUser;
let ann: SessionUser;
let bob: SessionUser;
beforeEach(async () => {
  db = createTestDb().db;
  await syncContent({ db });
  instructor = await sessionUser(db, 'instructor');
  ann = await sessionUser(db, 'student', 'Ann Nguyễn');
  bob = await sessionUser(db, 'student', '=HYPERLINK("x")');
  // conv-output-size: due 2026-03-10 23:59 in the course zone, 10 %/day late for 3 days
  await updateExerciseSettings({
    db,
    user: instructor,
    exerciseId: 'conv-output-size',
    input: { deadline: '2026-03-10T23:59', lateWindowHours: 72, latePenaltyPercentPerDay: 10, maxAttempts: null, cooldownMinutes: 0, dailyCap: null, revealPrivate: false },
  });
  const answer = (u: SessionUser) => correctAnswer('conv-output-size', variantSeed(u.id, 'conv-output-size'));
  const due = (await db.exercise.findUniqueOrThrow({ where: { id: 'conv-output-size' } })).deadline!;
  // Ann: full marks on time. Bob: full marks 30 hours late (2 started days → −20 %), and a wrong answer on time.
  await submitWork({ exercises: testExercises, db, queues, user: ann, exerciseId: 'conv-output-size', body: { answer: answer(ann) }, now: new Date(due.getTime() - 60_000) });
  const wrong = Object.fromEntries(Object.keys(answer(bob)).map((k) => [k, '1']));
  await submitWork({ exercises: testExercises, db, queues, user: bob, exerciseId: 'conv-output-size', body: { answer: wrong }, now: new Date(due.getTime() - 60_000) });
  await submitWork({ exercises: testExercises, db, queues, user: bob, exerciseId: 'conv-output-size', body: { answer: answer(bob) }, now: new Date(due.getTime() + 30 * 3_600_000) });
  // conv3x3 (code): Ann 6/10 graded; Bob only a visible-test run (never counts) and an ungradable attempt.
  const a = await makeSubmission(db, { userId: ann.id, exerciseId: 'conv3x3' });
  await recordResult({ db, submissionId: a.id, run: 1, result: okResult(6, 10) });
  const v = await db.submission.create({ data: { userId: bob.id, exerciseId: 'conv3x3', exerciseVersion: 'v', kind: 'code', mode: 'visible', language: 'python', payload: 'x' } });
  await recordResult({ db, submissionId: v.id, run: 1, result: okResult(10, 10) });
  const u = await makeSubmission(db, { userId: bob.id, exerciseId: 'conv3x3' });
  await recordResult({ db, submissionId: u.id, run: 1, result: { ...okResult(0, 10), gradable: false } });
});

const points = async (id: string) => (await db.exercise.findUniqueOrThrow({ where: { id } })).points;

describe('grade export', () => {
  it('generic CSV, opened back: best score after late penalty, visible runs and ungradable attempts ignored', async () => {
    const { csv, filename } = await gradesCsv({ db, user: instructor, format: 'generic' });
    expect(filename).toMatch(/^grades-generic-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    const head = Object.keys(rows[0]!);
    const outCol = head.find((h) => h.endsWith('[conv-output-size]'))!;
    const codeCol = head.find((h) => h.endsWith('[conv3x3]'))!;
    expect(rows[0]!['Student ID']).toBe('Points Possible');
    expect(Number(rows[0]![outCol])).toBe(await points('conv-output-size'));
    const annRow = rows.find((r) => r.Email === ann.email)!;
    const bobRow = rows.find((r) => r.Email === bob.email)!;
    const full = await points('conv-output-size');
    expect(Number(annRow[outCol])).toBe(full);
    expect(Number(bobRow[outCol])).toBeCloseTo(full * 0.8, 6);
    expect(Number(annRow[codeCol])).toBe(6);
    expect(bobRow[codeCol]).toBe('');
    expect(Number(annRow.Total)).toBeCloseTo(full + 6, 6);
    // the display name starting with "=" cannot run as a formula in a spreadsheet
    expect(bobRow.Name).toBe(`'=HYPERLINK("x")`);
    expect(annRow.Name).toBe('Ann Nguyễn');
  });

  it('Canvas layout: SIS Login ID is the email, a Points Possible row, one column per exercise', async () => {
    const { csv } = await gradesCsv({ db, user: instructor, format: 'canvas', bom: true });
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(csv, { bom: true }) as string[][];
    expect(rows[0]!.slice(0, 5)).toEqual(['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section']);
    expect(rows[1]![0]).toBe('Points Possible');
    const exercises = await db.exercise.count({ where: { archived: false } });
    expect(rows[0]!.length).toBe(5 + exercises);
    const col = rows[0]!.indexOf((await db.exercise.findUniqueOrThrow({ where: { id: 'conv-output-size' } })).title);
    const annRow = rows.find((r) => r[3] === ann.email)!;
    expect(Number(annRow[col])).toBe(await points('conv-output-size'));
    expect(rows.length).toBe(2 + 2); // header, points, two students (instructors are not graded)
  });

  it('Moodle layout: email first, full name, no total column', async () => {
    const { csv } = await gradesCsv({ db, user: instructor, format: 'moodle' });
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!).slice(0, 2)).toEqual(['Email address', 'Full name']);
    expect(Object.keys(rows[0]!)).not.toContain('Total');
    expect(rows.map((r) => r['Email address']).sort()).toEqual([ann.email, bob.email].sort());
  });

  it('refuses an unknown format with a 400', async () => {
    await expect(gradesCsv({ db, user: instructor, format: 'excel' })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it("a submission's results.json for the instructor keeps hidden tests and answers", async () => {
    const sub = await db.submission.findFirstOrThrow({ where: { userId: ann.id, exerciseId: 'conv-output-size' } });
    const { json, filename } = await submissionResultsJson({ db, user: instructor, submissionId: sub.id });
    expect(filename).toContain(sub.id);
    expect(ZGradeResult.parse(json).score).toBe(await points('conv-output-size'));
    expect(json.extra_data?.seed).toBe(variantSeed(ann.id, 'conv-output-size'));
    await expect(submissionResultsJson({ db, user: instructor, submissionId: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
