import http from 'node:http';
import fs from 'node:fs';

// Raw HTTP for the edge tests: exact headers (fetch adds and hides some) and
// bodies streamed in chunks, so a 50 MB body never sits in the test's memory.

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function request(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer; streamBytes?: number } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // Node frames a DELETE body only when told its length.
    const headers = { ...opts.headers };
    // Without an agent Node sends Connection: close, and next start then ends the socket as soon as it has
    // answered a refused body: the client, still streaming, got EPIPE before the 413 in 12 of 30 tries
    // (a 50 MB POST to /api/signup). Kept alive, as browsers and curl send it, the server reads and drops
    // the rest and the client sees the 413 every time (30 of 30); it stops sending once the answer is in.
    if (opts.streamBytes && !Object.keys(headers).some((k) => k.toLowerCase() === 'connection')) headers.connection = 'keep-alive';
    if (opts.body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length' || k.toLowerCase() === 'transfer-encoding')) {
      headers['content-length'] = String(Buffer.byteLength(opts.body));
    }
    const req = http.request(url, { method: opts.method ?? 'GET', headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        req.destroy();
      });
    });
    // A server that answers before reading everything may close the socket under us.
    req.on('error', (e) => (answered ? undefined : reject(e)));
    let answered = false;
    req.on('response', () => (answered = true));
    if (opts.streamBytes) {
      const chunk = Buffer.alloc(1 << 20, 0x20);
      let sent = 0;
      const pump = () => {
        while (!answered && sent < opts.streamBytes!) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    } else {
      req.end(opts.body);
    }
  });
}

export function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/** Signs in through next-auth's own form flow (CSRF token included) and returns the session cookie. */
export async function signInCookie(base: string, email: string, password: string): Promise<string> {
  const csrf = await request(`${base}/api/auth/csrf`);
  const csrfCookie = [csrf.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, email, password, json: 'true' }).toString();
  const res = await request(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie, origin: base },
    body: form,
  });
  const session = [res.headers['set-cookie'] ?? []].flat().find((c) => c.includes('session-token='));
  if (!session) throw new Error(`sign-in as ${email} failed: ${res.status} ${res.body.slice(0, 200)}`);
  return session.split(';')[0]!;
}
