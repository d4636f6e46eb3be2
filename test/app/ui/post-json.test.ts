import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_EXPIRED_MESSAGE, postJson, signInHref } from '../../../app/ui/post-json';
// a port nothing listens on: taken from the OS and released, not a fixed number
import { freePort } from '../../../scripts/lib/redis-server';

// A real HTTP server answering as the route handlers do (respond() turns an
// AppError into 401 JSON).
let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const reply = (status: number, body: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    if (req.url === '/expired') return reply(401, JSON.stringify({ error: 'Please sign in first.' }));
    if (req.url === '/bad') return reply(400, JSON.stringify({ error: 'Please fix the highlighted fields.', fieldErrors: { height: 'not a number' } }));
    if (req.url === '/broken') return reply(502, '<html>bad gateway</html>');
    return reply(201, JSON.stringify({ submissionId: 's1' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('postJson', () => {
  it('flags a 401 as an expired session with the sign-in message', async () => {
    const r = await postJson(`${base}/expired`, {});
    expect(r).toMatchObject({ ok: false, status: 401, sessionExpired: true });
    expect(r.data.error).toBe(`${SESSION_EXPIRED_MESSAGE}; nothing was submitted.`);
    expect(SESSION_EXPIRED_MESSAGE).toBe('Your session expired — sign in again');
  });

  it('passes other refusals and successes through unchanged', async () => {
    expect(await postJson(`${base}/bad`, {})).toMatchObject({ ok: false, status: 400, sessionExpired: false, data: { fieldErrors: { height: 'not a number' } } });
    expect(await postJson(`${base}/ok`, {})).toMatchObject({ ok: true, status: 201, sessionExpired: false, data: { submissionId: 's1' } });
    expect((await postJson(`${base}/broken`, {})).data.error).toBe('The server answered 502.');
  });

  it('says nothing was submitted when the server cannot be reached', async () => {
    const r = await postJson(`http://127.0.0.1:${await freePort()}/x`, {});
    expect(r).toMatchObject({ ok: false, status: 0, sessionExpired: false });
    expect(r.data.error).toMatch(/Could not reach the server/);
  });
});

describe('signInHref', () => {
  it('carries the page to come back to as callbackUrl', () => {
    expect(signInHref('/submissions/abc')).toBe('/signin?callbackUrl=%2Fsubmissions%2Fabc');
    expect(signInHref('/exercises/conv3x3?lang=python')).toBe('/signin?callbackUrl=%2Fexercises%2Fconv3x3%3Flang%3Dpython');
    expect(new URL(signInHref('/exercises/conv3x3'), 'http://x').searchParams.get('callbackUrl')).toBe('/exercises/conv3x3');
  });
});
