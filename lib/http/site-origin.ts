// Which origins count as "this site" for state-changing requests and redirects.
// The site is NEXTAUTH_URL; without it (a bare `next start` or `next dev`) the
// origin the request itself was addressed to.

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The site's origins. A loopback site may be opened as localhost or 127.0.0.1:
 * both spellings reach the same server on this machine only, so both count.
 */
export function siteOrigins(siteUrl: string | undefined, requestUrl: string): string[] {
  const site = new URL(siteUrl || requestUrl);
  if (!LOOPBACK.includes(site.hostname)) return [site.origin];
  const port = site.port ? `:${site.port}` : '';
  return LOOPBACK.map((h) => `${site.protocol}//${h}${port}`);
}

function originOf(value: string): string | null {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * A write comes from this site when its Origin (or, without one, its Referer)
 * is one of the site's origins. A request with neither is refused: every
 * browser sends Origin on POST, PUT, PATCH and DELETE.
 */
export function fromSite(headers: Pick<Headers, 'get'>, origins: string[]): boolean {
  const origin = headers.get('origin');
  const source = origin !== null ? origin : headers.get('referer');
  if (!source || source === 'null') return false;
  const o = originOf(source);
  return o !== null && origins.includes(o);
}

/**
 * A callbackUrl is followed only when it resolves to the site's own origin
 * (after the URL parser's own clean-up: backslashes, tabs, "//host"). The
 * answer is a path, never starting with "//", so it cannot leave the site.
 */
export function safeCallbackUrl(raw: string | null | undefined, origins: string[]): string {
  if (!raw) return '/';
  let u: URL;
  try {
    u = new URL(raw, origins[0]);
  } catch {
    return '/';
  }
  if (!origins.includes(u.origin)) return '/';
  return `/${u.pathname.replace(/^\/+/, '')}${u.search}${u.hash}`;
}
