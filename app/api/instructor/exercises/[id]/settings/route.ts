import { db } from '@/lib/db';
import { currentUser } from '@/lib/auth/session';
import { requireInstructor } from '@/lib/auth/roles';
import { exerciseSettings, updateExerciseSettings } from '@/lib/instructor/exercise-settings';
import { readJson, respond } from '../../../../respond';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return respond(req, async () => exerciseSettings({ db: db(), user: requireInstructor(await currentUser()), exerciseId: id }));
}

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return respond(req, async () => {
    const user = requireInstructor(await currentUser());
    return updateExerciseSettings({ db: db(), user, exerciseId: id, input: await readJson(req) });
  });
}
