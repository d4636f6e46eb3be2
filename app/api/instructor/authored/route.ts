import { db } from '@/lib/db';
import { currentUser } from '@/lib/auth/session';
import { requireInstructor } from '@/lib/auth/roles';
import { saveAuthoredExercise } from '@/lib/instructor/authored-exercises';
import { readJson, respond } from '../../respond';

export async function POST(req: Request) {
  return respond(req, async () => {
    const user = requireInstructor(await currentUser());
    return saveAuthoredExercise({ db: db(), user, input: await readJson(req) });
  });
}
