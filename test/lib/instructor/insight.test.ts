import { beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../helpers/test-db';
import { makeSubmission } from '../../helpers/fixtures';
import { syncContent } from '../../../lib/sync/sync-content';
import { recordResult } from '../../../lib/queue/recorder';
import { exerciseStats } from '../../../lib/instructor/exercise-stats';
import { studentHistory } from '../../../lib/instructor/student-history';
import { exerciseSimilarity } from '../../../lib/instructor/similarity';
import { classProgress } from '../../../lib/instructor/class-progress';
import { setExtension } from '../../../lib/instructor/exercise-settings';
import type { GradeResult } from '../../../lib/grading/results';
import type { SessionUser } from '../../../lib/auth/roles';
import type { Db } from '../../../lib/db';
import { sessionUser } from './helpers';

// Statistics, a student's history, the similarity report and lateness in the matrix.

let db: Db;
let instructor: SessionUser;
beforeEach(async () => {
  db = createTestDb().db;
  await syncContent({ db });
  instructor = await sessionUser(db, 'instructor');
});

const result = (passed: Record<string, boolean>): GradeResult => {
  const tests = Object.entries(passed).map(([name, ok]) => ({ name, score: ok ? 5 : 0, max_score: 5, status: ok ? ('passed' as const) : ('failed' as const), output: '', visibility: 'visible' as const }));
  return { score: tests.reduce((s, t) => s + t.score, 0), max_score: 5 * tests.length, output: '', tests, gradable: true, format_errors: [] };
};

async function graded(user: SessionUser, passed: Record<string, boolean>, latePenalty = 0, source = 'print(1)') {
  const sub = await makeSubmission(db, { userId: user.id, exerciseId: 'conv3x3', source });
  if (latePenalty) await db.submission.update({ where: { id: sub.id }, data: { latePenalty } });
  await recordResult({ db, submissionId: sub.id, run: 1, result: result(passed) });
  return sub;
}

describe('instructor insight', () => {
  it('score distribution of best scores and the most-failed tests from current results', async () => {
    const a = await sessionUser(db, 'student');
    const b = await sessionUser(db, 'student');
    // The tests below are 2 × 5 points; rescale so best scores land in known bins.
    await db.exercise.update({ where: { id: 'conv3x3' }, data: { points: 10 } });
    await graded(a, { forward: false, backward: false });
    await graded(a, { forward: true, backward: true });
    await graded(b, { forward: true, backward: false });
    const s = await exerciseStats({ db, user: instructor, exerciseId: 'conv3x3' });
    expect(s).toMatchObject({ students: 2, submissions: 3, fullMarks: 1, mean: 7.5 });
    expect(s.distribution.map((x) => x.students)).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(s.mostFailed).toEqual([
      { name: 'backward', failed: 2, runs: 3 },
      { name: 'forward', failed: 1, runs: 3 },
    ]);
  });

  it("a student's history lists every submission with every grading run", async () => {
    const a = await sessionUser(db, 'student');
    const sub = await graded(a, { forward: false });
    await db.submission.update({ where: { id: sub.id }, data: { run: 2 } });
    await recordResult({ db, submissionId: sub.id, run: 2, result: result({ forward: true }) });
    const h = await studentHistory({ db, user: instructor, studentId: a.id });
    expect(h.submissions).toHaveLength(1);
    expect(h.submissions[0]!.runs.map((r) => [r.runKey, r.score, r.current, r.failed])).toEqual([
      ['run-1', 0, false, ['forward']],
      ['run-2', 5, true, []],
    ]);
    await expect(studentHistory({ db, user: instructor, studentId: 'nobody' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('the similarity report pairs copied latest submissions with line ranges, and ignores older ones', async () => {
    const code = [
      'import numpy as np',
      'class Conv3x3:',
      '    def __init__(self, num_filters):',
      '        self.num_filters = num_filters',
      '        self.filters = np.random.randn(num_filters, 3, 3) / 9',
      '    def iterate_regions(self, image):',
      '        h, w = image.shape',
      '        for i in range(h - 2):',
      '            for j in range(w - 2):',
      '                yield image[i:(i + 3), j:(j + 3)], i, j',
      '    def forward(self, input):',
      '        h, w = input.shape',
      '        output = np.zeros((h - 2, w - 2, self.num_filters))',
      '        for im_region, i, j in self.iterate_regions(input):',
      '            output[i, j] = np.sum(im_region * self.filters, axis=(1, 2))',
      '        return output',
    ].join('\n');
    const renamed = code.replace(/output/g, 'out').replace(/im_region/g, 'patch');
    const different = 'def f(x):\n    total = 0\n    for v in x:\n        total += v * v\n    return total\n\nprint(f([1, 2, 3]))\n';
    const [a, b, c] = [await sessionUser(db, 'student', 'A'), await sessionUser(db, 'student', 'B'), await sessionUser(db, 'student', 'C')];
    await graded(c, {}, 0, code); // C's older copy is not the latest
    await new Promise((r) => setTimeout(r, 5));
    await graded(a, {}, 0, code);
    await graded(b, {}, 0, renamed);
    await graded(c, {}, 0, different);
    const report = await exerciseSimilarity({ db, user: instructor, exerciseId: 'conv3x3', threshold: 0.3 });
    expect(report.compared).toBe(3);
    expect(report.pairs).toHaveLength(1);
    const p = report.pairs[0]!;
    expect([p.a.student.name, p.b.student.name].sort()).toEqual(['A', 'B']);
    expect(p.score).toBeGreaterThan(0.5);
    expect(p.matches.length).toBeGreaterThan(0);
    const [from, to] = p.matches[0]!.aLines;
    expect(from).toBeGreaterThanOrEqual(1);
    expect(to).toBeLessThanOrEqual(p.a.lines.length);
    await expect(exerciseSimilarity({ db, user: instructor, exerciseId: 'conv-output-size' })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('the class progress matrix shows lateness and extensions', async () => {
    const a = await sessionUser(db, 'student');
    await graded(a, { forward: true }, 0.2);
    await setExtension({ db, user: instructor, exerciseId: 'conv3x3', input: { studentId: a.id, deadline: '2030-01-01T00:00' } });
    const p = await classProgress({ db });
    const cell = p.rows.find((r) => r.user.id === a.id)!.cells.conv3x3!;
    expect(cell).toMatchObject({ best: 4, attempts: 1, late: true, maxPenalty: 0.2, extended: true });
  });

  it('marks an attempt after the deadline late even with no penalty, and keeps scores while a regrade is queued', async () => {
    const a = await sessionUser(db, 'student');
    await db.exercise.update({ where: { id: 'conv3x3' }, data: { deadline: new Date(Date.now() - 3_600_000), lateWindowHours: 24 } });
    const sub = await graded(a, { forward: true });
    let cell = (await classProgress({ db })).rows.find((r) => r.user.id === a.id)!.cells.conv3x3!;
    expect(cell).toMatchObject({ best: 5, attempts: 1, late: true, maxPenalty: 0 });
    // A regrade sends it back to the queue; the matrix keeps the last score meanwhile.
    await db.submission.update({ where: { id: sub.id }, data: { status: 'queued', run: 2 } });
    cell = (await classProgress({ db })).rows.find((r) => r.user.id === a.id)!.cells.conv3x3!;
    expect(cell.best).toBe(5);
  });

  it('counts checklist items per week and names the missing ones', async () => {
    const a = await sessionUser(db, 'student');
    const item = await db.checklistItem.findFirstOrThrow({ where: { key: 'install-environment' }, include: { week: true } });
    await db.checklistProgress.create({ data: { userId: a.id, itemId: item.id, source: 'manual' } });
    const p = await classProgress({ db });
    const week = p.rows.find((r) => r.user.id === a.id)!.checklist.find((w) => w.week === item.week.number)!;
    const total = await db.checklistItem.count({ where: { weekId: item.weekId } });
    expect(week).toMatchObject({ done: 1, total });
    expect(week.missing).toHaveLength(total - 1);
    expect(week.missing).not.toContain(item.title);
    expect(p.checklistTotal).toBe(await db.checklistItem.count());
    // An item that left course.yaml is archived: gone from the matrix, its tick kept.
    await db.checklistItem.update({ where: { id: item.id }, data: { archived: true } });
    const after = (await classProgress({ db })).rows.find((r) => r.user.id === a.id)!.checklist.find((w) => w.week === item.week.number);
    if (total > 1) expect(after).toMatchObject({ done: 0, total: total - 1 });
    else expect(after).toBeUndefined();
    expect(await db.checklistProgress.count({ where: { itemId: item.id } })).toBe(1);
  });
});
