// The address a per-IP limit counts. Next.js sets X-Forwarded-For to the
// socket's address only when the request has none; a reverse proxy appends
// the address it saw. So the last entry is the client's address when the app
// is reached directly or through one proxy that appends (nginx
// `proxy_add_x_forwarded_for`, Caddy, Traefik). Entries before it are whatever
// the client wrote and are never trusted.
export function clientIp(headers: Headers | Record<string, string | string[] | undefined> | undefined): string {
  const raw = headers instanceof Headers ? headers.get('x-forwarded-for') : headers?.['x-forwarded-for'];
  const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
  const last = value.split(',').map((s) => s.trim()).filter(Boolean).pop();
  // Bounded: a header is the client's to write.
  return last ? last.slice(0, 64) : 'unknown';
}
