import { db } from '@/lib/db';
import { currentUser } from '@/lib/auth/session';
import { requireInstructor } from '@/lib/auth/roles';
import { archiveAuthoredExercise, authoredForEdit } from '@/lib/instructor/authored-exercises';
import { readJson, respond } from '../../../respond';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return respond(req, async () => authoredForEdit({ db: db(), user: requireInstructor(await currentUser()), exerciseId: id }));
}

/** { archived: boolean }: hide or show an editor exercise. */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return respond(req, async () => {
    const user = requireInstructor(await currentUser());
    return archiveAuthoredExercise({ db: db(), user, exerciseId: id, input: await readJson(req) });
  });
}
