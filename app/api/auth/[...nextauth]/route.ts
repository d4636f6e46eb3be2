import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';
import { authSecret, env, envValue } from '@/lib/env';
import { AUTH_CSP, siteIsHttps, withApiHeaders } from '@/lib/http/security-headers';
import { LINK_INTENT_COOKIE, readLinkIntent } from '@/lib/auth/link-intent';
import { throttledSignIn } from '@/lib/auth/throttled-response';

// next-auth's own routes: its CSRF token guards its POSTs (sign-in, sign-out).
// Two things it has no hook for are added here: a sign-in refused by the rate
// limit answers 429 with Retry-After, and an OAuth callback may carry the
// signed-in user's wish (a cookie from /profile) to link a provider.
async function handler(req: Request, ctx: unknown) {
  const path = new URL(req.url).pathname;
  const oauthCallback = /\/api\/auth\/callback\/(github|google)$/.test(path);
  const linkIntent = oauthCallback ? readLinkIntent(cookie(req, LINK_INTENT_COOKIE), authSecret(env())) : null;
  let retryAfter: number | undefined;
  let res = (await NextAuth(req as never, ctx as never, authOptions({ linkIntent, onThrottled: (s) => (retryAfter = s) }))) as Response;
  if (oauthCallback && linkIntent) res.headers.append('set-cookie', `${LINK_INTENT_COOKIE}=; Path=/api/auth; Max-Age=0; HttpOnly; SameSite=Lax`);
  if (retryAfter !== undefined) res = await throttledSignIn(res, retryAfter);
  return withApiHeaders(res, { https: siteIsHttps(envValue('NEXTAUTH_URL')), csp: AUTH_CSP });
}

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.get('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export { handler as GET, handler as POST };
