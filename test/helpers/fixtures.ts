import type { Db } from '../../lib/db';
import type { GradeResult } from '../../lib/grading/results';
import type { SessionUser } from '../../lib/auth/roles';

// Minimal rows for queue and submission tests: written with the real client.
export async function makeUser(db: Db, role: 'student' | 'instructor' = 'student', email = `${role}-${Math.random().toString(36).slice(2)}@t.local`) {
  return db.user.create({ data: { email, name: email.split('@')[0]!, role } });
}

/** A user row and the session the app would give it. */
export async function sessionUser(db: Db, role: 'student' | 'instructor', name?: string): Promise<SessionUser> {
  const u = await makeUser(db, role);
  if (name) await db.user.update({ where: { id: u.id }, data: { name } });
  return { id: u.id, email: u.email, name: name ?? u.name, role };
}

export async function makeExercise(db: Db, opts: { id?: string; kind?: 'code' | 'numeric' | 'model'; languages?: string[] } = {}) {
  const id = opts.id ?? 'conv3x3';
  const kind = opts.kind ?? 'code';
  const meta = { id, title: `Exercise ${id}`, week: 1, kind, points: 10, languages: opts.languages ?? ['python', 'javascript', 'typescript'], settings: {} };
  return db.exercise.create({ data: { id, title: meta.title, week: 1, kind, points: 10, version: 'v1', meta: JSON.stringify(meta) } });
}

export async function makeSubmission(db: Db, opts: { userId: string; exerciseId: string; source?: string; language?: string }) {
  return db.submission.create({
    data: {
      userId: opts.userId,
      exerciseId: opts.exerciseId,
      exerciseVersion: 'v1',
      kind: 'code',
      language: opts.language ?? 'python',
      payload: opts.source ?? 'print(1)',
      status: 'queued',
    },
  });
}

export const okResult = (score = 10, max = 10): GradeResult => ({
  score,
  max_score: max,
  output: '',
  tests: [{ name: 'forward values', score, max_score: max, status: score === max ? 'passed' : 'failed', output: '', visibility: 'visible' }],
  gradable: true,
  format_errors: [],
});
