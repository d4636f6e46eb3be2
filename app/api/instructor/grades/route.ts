import { db } from '@/lib/db';
import { currentUser } from '@/lib/auth/session';
import { requireInstructor } from '@/lib/auth/roles';
import { gradesCsv } from '@/lib/instructor/exports';
import { download } from '../download';

export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  return download(async () => {
    const q = new URL(req.url).searchParams;
    const out = await gradesCsv({ db: db(), user: requireInstructor(await currentUser()), format: q.get('format') ?? 'generic', bom: q.get('bom') === '1' });
    return { filename: out.filename, body: out.csv, type: 'text/csv; charset=utf-8' };
  });
}
