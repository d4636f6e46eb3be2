import type { Db } from '../../lib/db';

// A class at term scale for the matrix test and benchmark: `students` students,
// `exercises` exercises of 10 points, and for every (student, exercise) pair
// 0 to 3 graded attempts whose scores follow from the indices, so the expected
// best scores, totals and averages can be computed independently.

export const POINTS = 10;

/** Attempts of student s on exercise e: none for every 7th pair, else 1–3. */
export function attemptsOf(s: number, e: number): number[] {
  if ((s + 2 * e) % 7 === 0) return [];
  const n = 1 + ((s * 3 + e) % 3);
  return Array.from({ length: n }, (_, k) => (s * 5 + e * 3 + k * 4) % (POINTS + 1));
}

export async function seedClass(db: Db, opts: { students: number; exercises: number }) {
  const exIds = Array.from({ length: opts.exercises }, (_, e) => `ex-${String(e).padStart(2, '0')}`);
  for (const [e, id] of exIds.entries()) {
    const title = `Exercise number ${e} about convolutions and pooling`;
    await db.exercise.create({ data: { id, title, week: 1 + Math.floor(e / 4), kind: 'code', points: POINTS, version: 'v1', meta: JSON.stringify({ id, title }) } });
  }
  const users = Array.from({ length: opts.students }, (_, s) => ({
    id: `stu-${String(s).padStart(3, '0')}`,
    email: `s${s}@class.test`,
    name: `Student ${String(s).padStart(3, '0')}`,
    role: 'student',
  }));
  await db.user.createMany({ data: users });
  const base = Date.parse('2026-03-01T00:00:00Z');
  const subs = users.flatMap((u, s) =>
    exIds.flatMap((exerciseId, e) =>
      attemptsOf(s, e).map((score, k) => ({
        userId: u.id,
        exerciseId,
        exerciseVersion: 'v1',
        kind: 'code',
        language: 'python',
        payload: 'print(1)',
        status: 'graded',
        mode: 'submit',
        gradable: true,
        score,
        maxScore: POINTS,
        attemptSeq: k + 1,
        createdAt: new Date(base + (s * 100 + e * 5 + k) * 60_000),
      })),
    ),
  );
  // createMany in slices: SQLite caps the variables of one statement.
  for (let i = 0; i < subs.length; i += 500) await db.submission.createMany({ data: subs.slice(i, i + 500) });
  return { users, exIds, submissions: subs.length };
}
