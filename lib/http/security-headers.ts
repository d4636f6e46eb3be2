// The security headers every response carries. Pages get a CSP with a fresh
// nonce (Next.js puts it on its own scripts); API answers are data, never a
// document, so their CSP allows nothing at all.

/** https when the site's public URL says so: TLS usually ends at a reverse proxy in front. */
export function siteIsHttps(siteUrl: string | undefined): boolean {
  return Boolean(siteUrl && siteUrl.startsWith('https:'));
}

export function pageCsp(opts: { nonce: string; https: boolean; dev?: boolean }): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts the nonced Next.js runtime loads are trusted, nothing else.
    // React's development build evaluates code for its error overlay, production never does.
    `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
    // KaTeX and React render style="" attributes and CodeMirror injects <style> elements.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/** next-auth's few built-in pages (the sign-out confirmation) have inline styles and post a form to the site. */
export const AUTH_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export function baseSecurityHeaders(opts: { https: boolean }): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    ...(opts.https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/** Sets the API headers on a response the route built (JSON answers, downloads, next-auth's own). */
export function withApiHeaders<R extends Response>(res: R, opts: { https: boolean; csp?: string }): R | Response {
  const headers = { ...baseSecurityHeaders(opts), 'content-security-policy': opts.csp ?? API_CSP };
  try {
    for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
    return res;
  } catch {
    // Response.redirect() and fetch() answers have read-only headers: copy them.
    const copy = new Response(res.body, { status: res.status, statusText: res.statusText, headers: res.headers });
    for (const [k, v] of Object.entries(headers)) copy.headers.set(k, v);
    return copy;
  }
}
