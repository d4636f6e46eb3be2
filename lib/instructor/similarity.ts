import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db';
import { requireInstructor, type SessionUser } from '../auth/roles';
import { similarityReport, DEFAULT_THRESHOLD, type SimilarityLanguage, type SimilarityPair } from '../similarity';
import { exercisesRoot, loadExercise } from '../exercises/load';
import { AppError } from '../errors';
import { msg } from '../i18n/message';
import { findKind } from '../exercises/kinds';
import { exerciseOr404 } from './course';

// Similarity of a code exercise's submissions: the latest submit-mode
// submission of each student, the exercise's starter code subtracted.

export async function exerciseSimilarity(opts: { db: Db; user: SessionUser | null; exerciseId: string; threshold?: number }) {
  requireInstructor(opts.user);
  const ex = await exerciseOr404(opts.db, opts.exerciseId);
  if (!findKind(ex.kind)?.similarity) throw new AppError('invalid_input', msg('apiErrors.instructor.similarityCodeOnly'));
  const subs = await opts.db.submission.findMany({
    where: { exerciseId: ex.id, kind: 'code', mode: 'submit' },
    include: { user: { select: { id: true, name: true, email: true } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  const latest = new Map<string, (typeof subs)[number]>();
  for (const s of subs) if (!latest.has(s.userId)) latest.set(s.userId, s);
  const chosen = [...latest.values()].filter((s) => s.language);
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const pairs: SimilarityPair[] = similarityReport({
    submissions: chosen.map((s) => ({ id: s.id, studentId: s.userId, language: s.language as SimilarityLanguage, source: s.payload })),
    starter: starters(ex.id),
    threshold,
  });
  const byId = new Map(chosen.map((s) => [s.id, s]));
  const side = (id: string) => {
    const s = byId.get(id)!;
    return { submissionId: s.id, student: s.user, language: s.language, createdAt: s.createdAt, lines: s.payload.split('\n') };
  };
  return {
    exercise: { id: ex.id, title: ex.title },
    threshold,
    compared: chosen.length,
    pairs: pairs.map((p) => ({ score: p.score, containment: p.containment, shared: p.shared, matches: p.matches, a: side(p.a), b: side(p.b) })),
  };
}
export type ExerciseSimilarity = Awaited<ReturnType<typeof exerciseSimilarity>>;

function starters(exerciseId: string): Partial<Record<SimilarityLanguage, string>> {
  const dir = path.join(exercisesRoot(), exerciseId);
  if (!fs.existsSync(path.join(dir, 'exercise.yaml'))) return {};
  try {
    return loadExercise(dir).starters as Partial<Record<SimilarityLanguage, string>>;
  } catch {
    return {};
  }
}
