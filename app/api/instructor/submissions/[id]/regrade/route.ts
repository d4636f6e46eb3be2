import { db } from '@/lib/db';
import { currentUser } from '@/lib/auth/session';
import { requireInstructor } from '@/lib/auth/roles';
import { appQueues } from '@/lib/queue/app-queues';
import { regradeSubmission } from '@/lib/instructor/regrade';
import { appExercises } from '@/app/exercise-registry';
import { respond } from '../../../../respond';

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return respond(req, async () => {
    const user = requireInstructor(await currentUser());
    return regradeSubmission({ db: db(), queues: appQueues(), exercises: appExercises(), user, submissionId: id });
  });
}
