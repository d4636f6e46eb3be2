import { db } from '@/lib/db';
import { currentUser } from '@/lib/auth/session';
import { signOutEverywhere } from '@/lib/auth/account';
import { respond } from '../../../../respond';

export async function POST(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return respond(_req, async () => signOutEverywhere({ db: db(), user: await currentUser(), userId: id }));
}
