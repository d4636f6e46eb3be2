import type { Db } from '../db';
import { requireInstructor, type SessionUser } from '../auth/roles';
import { ZGradeResult } from '../grading/results';
import { AppError } from '../errors';
import { msg } from '../i18n/message';

// Everything a student submitted, newest first, with every grading run.

export async function studentHistory(opts: { db: Db; user: SessionUser | null; studentId: string }) {
  requireInstructor(opts.user);
  const student = await opts.db.user.findUnique({ where: { id: opts.studentId } });
  if (!student) throw new AppError('not_found', msg('apiErrors.instructor.noStudent'));
  const subs = await opts.db.submission.findMany({
    where: { userId: student.id },
    include: { exercise: { select: { title: true, points: true } }, results: { orderBy: { createdAt: 'asc' } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  const extensions = await opts.db.extension.findMany({ where: { userId: student.id } });
  return {
    student: { id: student.id, name: student.name, email: student.email, role: student.role },
    extensions: extensions.map((e) => ({ exerciseId: e.exerciseId, deadline: e.deadline })),
    submissions: subs.map((s) => ({
      id: s.id,
      exerciseId: s.exerciseId,
      exerciseTitle: s.exercise.title,
      kind: s.kind,
      mode: s.mode,
      language: s.language,
      status: s.status,
      score: s.score,
      maxScore: s.maxScore ?? s.exercise.points,
      latePenalty: s.latePenalty,
      run: s.run,
      version: s.exerciseVersion,
      createdAt: s.createdAt,
      lastError: s.lastError,
      runs: s.results.map((r) => {
        const parsed = ZGradeResult.safeParse(JSON.parse(r.json));
        const tests = parsed.success ? parsed.data.tests : [];
        return {
          runKey: r.runKey,
          score: r.score,
          maxScore: r.maxScore,
          gradable: r.gradable,
          current: r.current,
          createdAt: r.createdAt,
          passed: tests.filter((t) => t.status === 'passed').length,
          failed: tests.filter((t) => t.status === 'failed').map((t) => t.name),
        };
      }),
    })),
  };
}
export type StudentHistory = Awaited<ReturnType<typeof studentHistory>>;
