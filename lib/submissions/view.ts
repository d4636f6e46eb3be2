import type { Db } from '../db';
import { AppError } from '../errors';
import { msg } from '../i18n/message';
import { canViewSubmission, type SessionUser } from '../auth/roles';
import { ZGradeResult, type GradeResult } from '../grading/results';
import { exportResultsJson } from '../export/results-json';
import { ZJobProgress, jobIdFor, type JobProgress } from '../queue/contract';
import { queueFor, type Queues } from '../queue/producer';
import { studentDeadline } from './policy';
import { courseTimeZone } from '../course/time-zone';
import type { ExerciseRegistry } from '../exercises/registry';
import { submittedWork, type SubmittedWork } from './submitted-work';
import { findKind } from '../exercises/kinds';
import { isPending } from '../vocabulary';

// What the submission page shows: status, the current result (with tests a
// student may not see yet removed) and live progress while a worker runs it.

const NEVER = new Date(8.64e15);

// What a student may see of extra_data: per-field feedback of numeric answers,
// training curves and public metrics of models (never the private accuracy).
export const STUDENT_EXTRA_KEYS = ['fields', 'history', 'publicAccuracy', 'params', 'backend', 'seconds', 'imagesPerSecond', 'stoppedReason', 'feedback'];

export interface SubmissionView {
  id: string;
  exerciseId: string;
  exerciseTitle: string;
  kind: string;
  mode: string;
  language: string | null;
  status: string;
  score: number | null;
  maxScore: number | null;
  latePenalty: number;
  chosen: boolean;
  /** its kind lets a student choose which scored submission counts on the leaderboard */
  leaderboard: boolean;
  createdAt: string;
  message: string | null;
  result: GradeResult | null;
  progress: JobProgress | null;
  history: { runKey: string; score: number; maxScore: number; createdAt: string; current: boolean }[];
  /** what was submitted: code (with a diff to the attempt before), numeric answers, or the model's summary */
  work: SubmittedWork;
  /** the exercise's full points (a visible-test run scores only the visible tests) */
  exercisePoints: number;
  /** when tests marked after_due_date open to this student; null = never (no deadline) */
  hiddenUntil: string | null;
  /** the course time zone every time on the page is shown in */
  timeZone: string;
  /** whose submission (instructors look at everyone's) */
  studentName: string;
}

export async function submissionView(opts: { db: Db; queues?: Queues; exercises: ExerciseRegistry; user: SessionUser; submissionId: string }): Promise<SubmissionView> {
  const sub = await opts.db.submission.findUnique({
    where: { id: opts.submissionId },
    include: { exercise: true, user: { select: { name: true } }, results: { orderBy: { createdAt: 'asc' } } },
  });
  // Someone else's submission looks exactly like a missing one.
  if (!sub || !canViewSubmission(opts.user, sub)) throw new AppError('not_found', msg('apiErrors.submit.noSubmission'));
  const current = sub.results.find((r) => r.current) ?? null;
  const extension = await opts.db.extension.findUnique({ where: { userId_exerciseId: { userId: sub.userId, exerciseId: sub.exerciseId } } });
  const closesAt = studentDeadline({ exercise: sub.exercise, extension })?.closesAt ?? null;
  const timeZone = await courseTimeZone(opts.db);
  const result = current
    ? (exportResultsJson({
        result: ZGradeResult.parse(JSON.parse(current.json)),
        audience: opts.user.role === 'instructor' ? 'instructor' : 'student',
        now: new Date(),
        // Without a deadline the exercise stays open, so hidden tests stay hidden;
        // with one they wait until this student can no longer submit.
        deadline: closesAt ?? NEVER,
        studentExtraKeys: STUDENT_EXTRA_KEYS,
      }) as GradeResult)
    : null;
  let progress: JobProgress | null = null;
  if (opts.queues && sub.queue && isPending(sub.status)) {
    try {
      const job = await queueFor(opts.queues, sub.queue as 'grade' | 'train').getJob(jobIdFor(sub.id, sub.run));
      const parsed = ZJobProgress.safeParse(job?.progress);
      if (parsed.success) progress = parsed.data;
    } catch {
      // Redis away: the page still shows the stored status.
    }
  }
  const message =
    sub.status === 'queued' && !sub.enqueuedAt
      ? 'Saved and waiting for a grading worker; it will be graded automatically.'
      : sub.status === 'failed'
        ? `Grading failed for a reason on our side (${sub.lastError ?? 'unknown'}). Your attempt was not counted; an instructor can regrade it.`
        : null;
  return {
    id: sub.id,
    exerciseId: sub.exerciseId,
    exerciseTitle: sub.exercise.title,
    kind: sub.kind,
    mode: sub.mode,
    language: sub.language,
    status: sub.status,
    score: sub.score,
    maxScore: sub.maxScore,
    latePenalty: sub.latePenalty,
    chosen: sub.chosen,
    leaderboard: findKind(sub.kind)?.leaderboard ?? false,
    createdAt: sub.createdAt.toISOString(),
    message,
    result,
    progress,
    history: sub.results.map((r) => ({ runKey: r.runKey, score: r.score, maxScore: r.maxScore, createdAt: r.createdAt.toISOString(), current: r.current })),
    work: await submittedWork({ db: opts.db, exercises: opts.exercises, submission: sub }),
    exercisePoints: sub.exercise.points,
    hiddenUntil: closesAt?.toISOString() ?? null,
    timeZone,
    studentName: sub.user.name,
  };
}

