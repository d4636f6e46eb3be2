import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../helpers/test-db';
import { POINTS, attemptsOf, seedClass } from '../../helpers/class-seed';
import { classProgress, compactMatrix, shortTitle, summarizeMatrix, type ClassProgress } from '../../../lib/instructor/class-progress';
import type { Db } from '../../../lib/db';

// The class matrix at class scale: 200 students × 20 exercises, every cell,
// total and average checked against numbers computed from the seed's rule.

const STUDENTS = 200;
const EXERCISES = 20;
let db: Db;
let progress: ClassProgress;
beforeAll(async () => {
  db = createTestDb().db;
  await seedClass(db, { students: STUDENTS, exercises: EXERCISES });
  progress = await classProgress({ db });
}, 120_000);

describe('class matrix aggregation', () => {
  it('has one row per student and one column per exercise, with the best score and attempts of each pair', () => {
    expect(progress.rows).toHaveLength(STUDENTS);
    expect(progress.exercises).toHaveLength(EXERCISES);
    for (const [s, row] of progress.rows.entries()) {
      expect(row.user.name).toBe(`Student ${String(s).padStart(3, '0')}`); // ordered by name
      for (const [e, ex] of progress.exercises.entries()) {
        const scores = attemptsOf(s, e);
        const cell = row.cells[ex.id];
        if (scores.length === 0) expect(cell).toBeUndefined();
        else expect(cell).toMatchObject({ best: Math.max(...scores), attempts: scores.length });
      }
    }
  });

  it('totals per student and averages per exercise', () => {
    const summary = summarizeMatrix(progress);
    for (const [s, row] of progress.rows.entries()) {
      let total = 0;
      for (let e = 0; e < EXERCISES; e++) total += Math.max(0, ...attemptsOf(s, e));
      expect(summary.totals[row.user.id]).toMatchObject({ score: total, max: EXERCISES * POINTS });
      expect(summary.totals[row.user.id]!.fraction).toBeCloseTo(total / (EXERCISES * POINTS), 10);
    }
    for (const [e, ex] of progress.exercises.entries()) {
      let sum = 0;
      let attempted = 0;
      for (let s = 0; s < STUDENTS; s++) {
        const scores = attemptsOf(s, e);
        if (scores.length) attempted++;
        sum += Math.max(0, ...scores);
      }
      expect(summary.averages[ex.id]).toMatchObject({ mean: Math.round((sum / STUDENTS) * 100) / 100, attempted });
    }
  });

  it('the compact form the page sends carries the same cells, totals and averages', () => {
    const summary = summarizeMatrix(progress);
    const data = compactMatrix(progress, summary);
    expect(data.students).toHaveLength(STUDENTS);
    expect(data.maxTotal).toBe(EXERCISES * POINTS);
    for (const [s, row] of progress.rows.entries()) {
      expect(data.students[s]).toMatchObject({ id: row.user.id, total: summary.totals[row.user.id]!.score });
      for (let e = 0; e < EXERCISES; e++) {
        const scores = attemptsOf(s, e);
        expect(data.cells[s]![e]).toEqual(scores.length ? [Math.max(...scores), scores.length, 0, 0, 0] : null);
      }
    }
    expect(data.averages.map((a) => a.mean)).toEqual(progress.exercises.map((e) => summary.averages[e.id]!.mean));
  });

  it('gives every exercise a short column title', () => {
    expect(progress.exercises[0]!.shortTitle).toBe('Exercise number…');
    expect(shortTitle('Pooling')).toBe('Pooling');
    expect(shortTitle('Output shape of a convolution')).toBe('Output shape of…');
    expect(shortTitle('Backpropagation-through-everything')).toBe('Backpropagation…');
    for (const e of progress.exercises) expect(e.shortTitle.length).toBeLessThanOrEqual(16);
  });
});
