import { db } from '@/lib/db';
import { currentUser } from '@/lib/auth/session';
import { requireUser } from '@/lib/auth/roles';
import { appQueues } from '@/lib/queue/app-queues';
import { submitWork } from '@/lib/submissions/submit';
import { appLimits } from '@/lib/rate-limit/app-limits';
import { SUBMISSION_BODY_BYTES, readJson, respond } from '../../../respond';

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return respond(req, async () => {
    const user = requireUser(await currentUser());
    return submitWork({ db: db(), queues: appQueues(), limits: appLimits(), user, exerciseId: id, body: await readJson(req, SUBMISSION_BODY_BYTES) });
  }, 201);
}
