import { z } from 'zod';
import { AppError } from '../errors';
import { msg } from '../i18n/message';
import type { Db } from '../db';
import { requireInstructor, type SessionUser } from '../auth/roles';
import { exportGradesCsv } from '../export/grades-csv';
import { exportResultsJson, type ResultsJson } from '../export/results-json';
import { ZGradeResult } from '../grading/results';
import { parseInput } from './course';
import { SCORED_SUBMISSION } from './scored';

// Downloads: grades for an LMS, and one submission's results.json.

export const ZGradesFormat = z.enum(['canvas', 'moodle', 'generic']);
export type GradesFormat = z.infer<typeof ZGradesFormat>;

/**
 * One row per student, one column per (non-archived) exercise. A cell is the
 * student's best graded submit-mode score after late penalty
 * (Submission.score already has the penalty applied by the recorder);
 * ungradable attempts and visible-test runs never count.
 */
export async function gradesCsv(opts: { db: Db; user: SessionUser | null; format: unknown; bom?: boolean }): Promise<{ filename: string; csv: string }> {
  requireInstructor(opts.user);
  const format = parseInput(ZGradesFormat, opts.format);
  const [students, exercises, subs] = await Promise.all([
    opts.db.user.findMany({ where: { role: 'student' }, orderBy: [{ name: 'asc' }, { email: 'asc' }] }),
    opts.db.exercise.findMany({ where: { archived: false }, orderBy: [{ week: 'asc' }, { id: 'asc' }] }),
    opts.db.submission.findMany({
      where: SCORED_SUBMISSION,
      select: { userId: true, exerciseId: true, score: true },
    }),
  ]);
  const csv = exportGradesCsv({
    format,
    students: students.map((s) => ({ id: s.id, name: s.name, email: s.email })),
    exercises: exercises.map((e) => ({ id: e.id, title: e.title, points: e.points })),
    scores: subs.map((s) => ({ studentId: s.userId, exerciseId: s.exerciseId, score: s.score! })),
    bom: opts.bom,
  });
  return { filename: `grades-${format}-${new Date().toISOString().slice(0, 10)}.csv`, csv };
}

/** The current result of a submission as Gradescope-style results.json, for the instructor (everything). */
export async function submissionResultsJson(opts: { db: Db; user: SessionUser | null; submissionId: string; runKey?: string }): Promise<{ filename: string; json: ResultsJson }> {
  requireInstructor(opts.user);
  const sub = await opts.db.submission.findUnique({ where: { id: opts.submissionId }, include: { results: true } });
  const result = sub?.results.find((r) => (opts.runKey ? r.runKey === opts.runKey : r.current));
  if (!sub || !result) throw new AppError('not_found', msg('apiErrors.instructor.noResult'));
  return {
    filename: `results-${sub.exerciseId}-${sub.id}-${result.runKey}.json`,
    json: exportResultsJson({ result: ZGradeResult.parse(JSON.parse(result.json)), audience: 'instructor', now: new Date() }),
  };
}
