import { db } from '@/lib/db';
import { currentUser } from '@/lib/auth/session';
import { requireInstructor } from '@/lib/auth/roles';
import { removeExtension, setExtension } from '@/lib/instructor/exercise-settings';
import { readJson, respond } from '../../../../respond';

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return respond(req, async () => {
    const user = requireInstructor(await currentUser());
    return setExtension({ db: db(), user, exerciseId: id, input: await readJson(req) });
  });
}

export async function DELETE(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return respond(req, async () => {
    const user = requireInstructor(await currentUser());
    const studentId = new URL(req.url).searchParams.get('studentId') ?? '';
    return removeExtension({ db: db(), user, exerciseId: id, studentId });
  });
}
