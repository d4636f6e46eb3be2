import { db } from '@/lib/db';
import { currentUser } from '@/lib/auth/session';
import { requireInstructor } from '@/lib/auth/roles';
import { submissionResultsJson } from '@/lib/instructor/exports';
import { download } from '../../../download';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return download(async () => {
    const runKey = new URL(req.url).searchParams.get('run') ?? undefined;
    const out = await submissionResultsJson({ db: db(), user: requireInstructor(await currentUser()), submissionId: id, runKey });
    return { filename: out.filename, body: JSON.stringify(out.json, null, 2), type: 'application/json; charset=utf-8' };
  });
}
