import { db } from '@/lib/db';
import { currentUser } from '@/lib/auth/session';
import { requireUser } from '@/lib/auth/roles';
import { appQueues } from '@/lib/queue/app-queues';
import { submissionView } from '@/lib/submissions/view';
import { appExercises } from '@/app/exercise-registry';
import { respond } from '../../respond';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return respond(req, async () => {
    const user = requireUser(await currentUser());
    return submissionView({ db: db(), queues: appQueues(), exercises: appExercises(), user, submissionId: id });
  });
}
