import { db } from '@/lib/db';
import { currentUser } from '@/lib/auth/session';
import { requireUser } from '@/lib/auth/roles';
import { chooseForLeaderboard } from '@/lib/submissions/choose';
import { respond } from '../../../respond';

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return respond(req, async () => chooseForLeaderboard({ db: db(), user: requireUser(await currentUser()), submissionId: id }));
}
