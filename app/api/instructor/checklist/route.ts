import { db } from '@/lib/db';
import { currentUser } from '@/lib/auth/session';
import { requireInstructor } from '@/lib/auth/roles';
import { applyChecklistAction } from '@/lib/instructor/checklist-admin';
import { readJson, respond } from '../../respond';

export async function POST(req: Request) {
  return respond(req, async () => {
    const user = requireInstructor(await currentUser());
    return applyChecklistAction({ db: db(), user, input: await readJson(req) });
  });
}
