import type { Db } from '../db';
import type { SessionUser } from '../auth/roles';
import { SubmitError } from './errors';

// Deadline and attempt rules applied when a student submits.

interface ExerciseRules {
  id: string;
  deadline: Date | null;
  lateWindowHours: number;
  latePenaltyPercentPerDay: number;
  maxAttempts: number | null;
  cooldownMinutes: number;
  dailyCap: number | null;
}

export function latePenaltyFor(opts: { exercise: ExerciseRules; extension?: { deadline: Date } | null; at: Date }) {
  const deadline = opts.extension?.deadline ?? opts.exercise.deadline;
  if (!deadline || opts.at.getTime() <= deadline.getTime()) return { status: 'on_time' as const, penalty: 0 };
  const lateMs = opts.at.getTime() - deadline.getTime();
  if (lateMs > opts.exercise.lateWindowHours * 3600_000) return { status: 'closed' as const, penalty: 1 };
  const days = Math.ceil(lateMs / 86_400_000);
  return { status: 'late' as const, penalty: Math.min(1, (days * opts.exercise.latePenaltyPercentPerDay) / 100) };
}

/** Throws a clear 429 when the student has used up attempts. Ungradable runs cost nothing. */
export async function checkAttemptLimits(opts: { db: Db; user: SessionUser; exercise: ExerciseRules; now: Date }) {
  const { exercise } = opts;
  if (exercise.maxAttempts == null && !exercise.cooldownMinutes && exercise.dailyCap == null) return;
  const prior = await opts.db.submission.findMany({
    where: { userId: opts.user.id, exerciseId: exercise.id, mode: 'submit', NOT: [{ gradable: false }, { status: 'failed' }] },
    select: { createdAt: true },
    orderBy: { createdAt: 'desc' },
  });
  if (exercise.maxAttempts != null && prior.length >= exercise.maxAttempts) {
    throw new SubmitError(429, `You have used all ${exercise.maxAttempts} attempts for this exercise.`);
  }
  const last = prior[0]?.createdAt;
  if (last && exercise.cooldownMinutes > 0) {
    const next = new Date(last.getTime() + exercise.cooldownMinutes * 60_000);
    if (next > opts.now) throw new SubmitError(429, `Please wait until ${next.toISOString()} before submitting again.`);
  }
  if (exercise.dailyCap != null) {
    const dayAgo = opts.now.getTime() - 86_400_000;
    const today = prior.filter((p) => p.createdAt.getTime() > dayAgo).length;
    if (today >= exercise.dailyCap) throw new SubmitError(429, `You have reached today's limit of ${exercise.dailyCap} submissions.`);
  }
}
