import type { Db } from '../db';
import { AuthError, type SessionUser } from '../auth/roles';
import { SubmitError } from './errors';

/** A student picks which of their scored model submissions counts on the leaderboard. */
export async function chooseForLeaderboard(opts: { db: Db; user: SessionUser; submissionId: string }) {
  const sub = await opts.db.submission.findUnique({ where: { id: opts.submissionId } });
  if (!sub || sub.userId !== opts.user.id) throw new AuthError(404, 'No such submission.');
  if (sub.kind !== 'model' || sub.status !== 'graded' || sub.gradable !== true) {
    throw new SubmitError(409, 'Only a trained and scored model submission can count on the leaderboard.');
  }
  await opts.db.$transaction([
    opts.db.submission.updateMany({ where: { userId: sub.userId, exerciseId: sub.exerciseId, chosen: true }, data: { chosen: false } }),
    opts.db.submission.update({ where: { id: sub.id }, data: { chosen: true } }),
  ]);
  return { chosen: sub.id };
}
