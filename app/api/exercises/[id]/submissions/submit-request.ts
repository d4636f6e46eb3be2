import { db } from '@/lib/db';
import { requireUser, type SessionUser } from '@/lib/auth/roles';
import { appQueues } from '@/lib/queue/app-queues';
import { timedSubmit } from '@/lib/metrics/app-metrics';
import { gate } from '@/lib/submissions/gate';
import { submitWork } from '@/lib/submissions/submit';
import { appExercises } from '@/app/exercise-registry';
import { appLimits } from '@/lib/rate-limit/app-limits';
import { SUBMISSION_BODY_BYTES, readJson, respond, type ApiRequest } from '../../../respond';

// A submission, from a standard Request or its like: the route below Next.js calls it, and
// so does the web server's fast path (scripts/lib/submit-fast-path.ts), which
// serves a deadline rush without Next.js's routing. Who is signed in is asked
// of the caller: the route has Next.js's request context, the fast path only
// the Cookie header.

// A deadline rush sends hundreds of these at once: four at a time, first come first served (lib/submissions/gate.ts).
const fewAtATime = gate(4);

export function submitRequest(req: ApiRequest, exerciseId: string, signedIn: () => Promise<SessionUser | null>): Promise<Response> {
  return timedSubmit(() =>
    respond(
      req,
      () =>
        fewAtATime(async () => {
          const user = requireUser(await signedIn());
          return submitWork({ db: db(), queues: appQueues(), exercises: appExercises(), limits: appLimits(), user, exerciseId, body: await readJson(req, SUBMISSION_BODY_BYTES), sendInBackground: true });
        }),
      201,
    ),
  );
}
