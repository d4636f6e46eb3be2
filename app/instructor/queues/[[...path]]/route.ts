import { currentUser } from '@/lib/auth/session';
import { queueBoard } from '../board';

export const dynamic = 'force-dynamic';

// The queue dashboard, for instructors only. Its actions (retry, remove,
// pause) are POST/PUT/DELETE: those must also come from this site's own pages.
async function handle(req: Request): Promise<Response> {
  const user = await currentUser();
  if (!user) {
    const back = new URL(req.url).pathname;
    return Response.redirect(new URL(`/signin?callbackUrl=${encodeURIComponent(back)}`, req.url), 303);
  }
  if (user.role !== 'instructor') return new Response('Instructors only\n', { status: 403 });
  if (req.method !== 'GET' && req.method !== 'HEAD' && !sameOrigin(req)) {
    return new Response('Cross-site request refused\n', { status: 403 });
  }
  return queueBoard().fetch(req);
}

function sameOrigin(req: Request): boolean {
  const origin = req.headers.get('origin');
  if (!origin) return false;
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };
