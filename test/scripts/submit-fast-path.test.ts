import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fastSubmitTarget, serveSubmit } from '../../scripts/lib/submit-fast-path';

const req = (method: string, url: string, cookie?: string) => ({ method, url, headers: cookie ? { cookie } : {} });

describe('which requests the web server answers before Next.js', () => {
  it('takes submissions to an exercise, with or without a session', () => {
    expect(fastSubmitTarget(req('POST', '/api/exercises/conv3x3/submissions'))).toEqual({ exerciseId: 'conv3x3', token: null });
    expect(fastSubmitTarget(req('POST', '/api/exercises/conv%2Dsize/submissions?x=1', 'next-auth.session-token=t'))).toEqual({ exerciseId: 'conv-size', token: 't' });
  });

  it('leaves everything else to Next.js', () => {
    expect(fastSubmitTarget(req('GET', '/api/exercises/conv3x3/submissions'))).toBeNull();
    expect(fastSubmitTarget(req('POST', '/api/exercises/conv3x3/submissions/visible'))).toBeNull();
    expect(fastSubmitTarget(req('POST', '/api/exercises/conv3x3'))).toBeNull();
    expect(fastSubmitTarget(req('POST', '/api/exercises/%E0%A4%A/submissions'))).toBeNull();
    // a chunked session cookie needs next-auth's full round, which only the Next.js route has
    expect(fastSubmitTarget(req('POST', '/api/exercises/conv3x3/submissions', 'next-auth.session-token.0=a; next-auth.session-token.1=b'))).toBeNull();
  });
});

describe('the fast path over a real socket', () => {
  // Only answers that come before the database: the browser tests submit through it signed in.
  const withServer = async (run: (url: string) => Promise<void>) => {
    const server = http.createServer((rq, rs) => {
      const target = fastSubmitTarget(rq);
      if (target) void serveSubmit(rq, rs, target);
      else rs.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await run(url);
    } finally {
      server.close();
    }
  };
  const post = (url: string, headers: Record<string, string>, body = '{}') => fetch(`${url}/api/exercises/conv3x3/submissions`, { method: 'POST', headers, body });

  it('refuses a cross-site write, a body that is not JSON, and a request without a session, with their statuses and sentences', async () => {
    await withServer(async (url) => {
      const crossSite = await post(url, { 'content-type': 'application/json', origin: 'https://evil.example' });
      expect(crossSite.status).toBe(403);
      expect((await crossSite.json()).code).toBe('forbidden');
      const form = await post(url, { 'content-type': 'text/plain', origin: url });
      expect(form.status).toBe(415);
      // the request's language comes from its headers, as through Next.js
      const anonymous = await post(url, { 'content-type': 'application/json', origin: url, 'accept-language': 'vi' });
      expect(anonymous.status).toBe(401);
      const answer = await anonymous.json();
      expect(answer.code).toBe('unauthenticated');
      expect(answer.error).not.toMatch(/sign in/i);
      expect(anonymous.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });
});
