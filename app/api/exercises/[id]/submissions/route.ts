import { db } from '@/lib/db';
import { currentUserFast } from '@/lib/auth/session';
import { requireUser } from '@/lib/auth/roles';
import { appQueues } from '@/lib/queue/app-queues';
import { timedSubmit } from '@/lib/metrics/app-metrics';
import { gate } from '@/lib/submissions/gate';
import { submitWork } from '@/lib/submissions/submit';
import { appExercises } from '@/app/exercise-registry';
import { appLimits } from '@/lib/rate-limit/app-limits';
import { SUBMISSION_BODY_BYTES, readJson, respond } from '../../../respond';

// A deadline rush sends hundreds of these at once: four at a time, first come first served (lib/submissions/gate.ts).
const fewAtATime = gate(4);

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return timedSubmit(() =>
    respond(
      req,
      () =>
        fewAtATime(async () => {
          const user = requireUser(await currentUserFast());
          return submitWork({ db: db(), queues: appQueues(), exercises: appExercises(), limits: appLimits(), user, exerciseId: id, body: await readJson(req, SUBMISSION_BODY_BYTES) });
        }),
      201,
    ),
  );
}
