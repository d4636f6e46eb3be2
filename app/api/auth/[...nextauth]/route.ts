import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';
import { envValue } from '@/lib/env';
import { AUTH_CSP, siteIsHttps, withApiHeaders } from '@/lib/http/security-headers';

// next-auth's own routes: its CSRF token guards its POSTs (sign-in, sign-out).
const handler = async (req: Request, ctx: unknown) => {
  const res = (await NextAuth(req as never, ctx as never, authOptions())) as Response;
  return withApiHeaders(res, { https: siteIsHttps(envValue('NEXTAUTH_URL')), csp: AUTH_CSP });
};
export { handler as GET, handler as POST };
