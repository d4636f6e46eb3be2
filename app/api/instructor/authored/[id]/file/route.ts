import { db } from '@/lib/db';
import { currentUser } from '@/lib/auth/session';
import { authoredFile } from '@/lib/instructor/authored-exercises';
import { download } from '../../../download';

export const dynamic = 'force-dynamic';

/** The editor exercise as exercises/authored/<id>.json, to commit to git. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return download(async () => authoredFile({ db: db(), user: await currentUser(), exerciseId: id }));
}
