import type { Db } from '../db';
import { type SessionUser } from '../auth/roles';
import { privateReveal } from '../instructor/leaderboard-rows';
import { AppError } from '../errors';
import { msg } from '../i18n/message';
import { findKind } from '../exercises/kinds';

/**
 * A student picks which of their scored model submissions counts on the
 * leaderboard, until the private half is revealed: after that, a choice made
 * by private accuracy would be choosing with the answers in hand.
 */
export async function chooseForLeaderboard(opts: { db: Db; user: SessionUser; submissionId: string; now?: Date }) {
  const sub = await opts.db.submission.findUnique({ where: { id: opts.submissionId }, select: { id: true, userId: true, exerciseId: true, kind: true, status: true, gradable: true, exercise: true } });
  if (!sub || sub.userId !== opts.user.id) throw new AppError('not_found', msg('apiErrors.submit.noSubmission'));
  if (!findKind(sub.kind)?.leaderboard || sub.status !== 'graded' || sub.gradable !== true) {
    throw new AppError('conflict', msg('apiErrors.submit.notTrained'));
  }
  if ((await privateReveal({ db: opts.db, exercise: sub.exercise, now: opts.now })).revealed) {
    throw new AppError('conflict', msg('apiErrors.submit.choicesFinal'));
  }
  await opts.db.$transaction([
    opts.db.submission.updateMany({ where: { userId: sub.userId, exerciseId: sub.exerciseId, chosen: true }, data: { chosen: false } }),
    opts.db.submission.update({ where: { id: sub.id }, data: { chosen: true } }),
  ]);
  return { chosen: sub.id };
}
