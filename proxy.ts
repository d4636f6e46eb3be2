import { NextResponse, type NextRequest } from 'next/server';
import { baseSecurityHeaders, pageCsp, siteIsHttps } from '@/lib/http/security-headers';

// Pages only: a fresh CSP nonce per request, read by Next.js while rendering.
// API routes are left out on purpose: a proxy makes Next.js copy every request
// body (up to 10 MB) before the route sees it; their headers, origin and body
// checks live in app/api/respond.ts instead.

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const https = siteIsHttps(process.env.NEXTAUTH_URL);
  const csp = pageCsp({ nonce, https, dev: process.env.NODE_ENV === 'development' });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', csp);
  for (const [k, v] of Object.entries(baseSecurityHeaders({ https }))) response.headers.set(k, v);
  return response;
}

export const config = {
  matcher: ['/((?!api/|_next/static/|_next/image|favicon.ico).*)'],
};
