import { currentUser } from '@/lib/auth/session';
import { refuseWrite } from '@/app/api/respond';
import { queueBoard } from '../board';

export const dynamic = 'force-dynamic';

// The queue dashboard, for instructors only. Its actions (retry, remove,
// pause) are POST/PUT/DELETE: those must come from this site's own pages.
async function handle(req: Request): Promise<Response> {
  // the same refusals as every API route: another site's Origin (403), a body that is not JSON (415)
  const refused = refuseWrite(req);
  if (refused) return refused;
  const user = await currentUser();
  if (!user) {
    const back = new URL(req.url).pathname;
    return Response.redirect(new URL(`/signin?callbackUrl=${encodeURIComponent(back)}`, req.url), 303);
  }
  if (user.role !== 'instructor') return new Response('Instructors only\n', { status: 403 });
  const res = await queueBoard().fetch(req);
  return res.headers.get('content-type')?.startsWith('text/html') ? withNonce(res, req.headers.get('x-nonce')) : res;
}

/**
 * The site's Content-Security-Policy (proxy.ts) runs only scripts that carry
 * this request's nonce: give it to bull-board's script tags. Its web-font
 * link would load from another site, which the policy refuses anyway.
 */
async function withNonce(res: Response, nonce: string | null): Promise<Response> {
  let html = await res.text();
  if (nonce && /^[A-Za-z0-9+/=]+$/.test(nonce)) html = html.replace(/<script\b/g, `<script nonce="${nonce}"`);
  html = html.replace(/<link[^>]+fonts\.googleapis\.com[^>]*>/g, '');
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  return new Response(html, { status: res.status, headers });
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };
