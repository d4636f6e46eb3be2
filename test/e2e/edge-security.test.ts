import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decode, encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startPlatform, type Platform } from './platform';
import { request, rssBytes, signInCookie } from './http-client';
import { WRITE_METHODS, appRoutes, fill, queueBoardWrites } from './app-routes';
import { localAuthSecret } from '../../lib/local-secret';
import { freePort } from '../../scripts/lib/redis-server';
import { testDbFile } from '../helpers/test-db';

// The edge of the built app (next build + next start): cross-site writes,
// headers, body limits, forged sessions and malformed bodies, on every route.

let platform: Platform;
let base: string;
let secret: string;
const cookies: Record<'student' | 'instructor', string> = { student: '', instructor: '' };
const MiB = 1024 * 1024;

beforeAll(async () => {
  // The session secret made the way the local quick start makes it: random, in the data folder.
  secret = localAuthSecret(fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-data-')));
  platform = await startPlatform({ redisUrl: `${inject('redisUrl')}/9`, extraEnv: { NEXTAUTH_SECRET: secret } });
  base = platform.url;
  for (const who of ['student', 'instructor'] as const) {
    const a = platform.account(who);
    cookies[who] = await signInCookie(base, a.email, a.password);
  }
});
afterAll(async () => {
  await platform?.stop();
});

const routes = appRoutes();
const writes = routes
  .filter((r) => !r.pattern.startsWith('/api/auth/'))
  .flatMap((r) => r.methods.filter((m) => WRITE_METHODS.includes(m)).map((method) => ({ ...r, method })));
const SETTINGS = '/api/instructor/exercises/conv3x3/settings';

describe('the route list', () => {
  it('finds the app routes from their files, writes included', () => {
    expect(writes.map((w) => `${w.method} ${w.pattern}`)).toEqual(
      expect.arrayContaining(['POST /api/signup', 'POST /api/checklist', 'POST /api/exercises/[id]/submissions', 'DELETE /api/instructor/exercises/[id]/extensions']),
    );
    expect(routes.find((r) => r.pattern === '/api/auth/[...nextauth]')?.methods).toEqual(['GET', 'POST']);
  });
});

describe('cross-site writes', () => {
  it('every state-changing route answers 403 to another origin, even with a valid session', async () => {
    const foreign: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: base.replace(/:(\d+)$/, (_m, p: string) => `:${Number(p) + 1}`) }, // same host, another port
      { origin: base.replace('127.0.0.1', 'sub.localhost') },
      { origin: 'null' },
      { referer: 'https://evil.example/page' },
      {}, // neither Origin nor Referer
    ];
    for (const w of writes) {
      const url = `${base}${fill(w.pattern, { id: 'conv3x3' })}`;
      for (const h of foreign) {
        const res = await request(url, { method: w.method, headers: { cookie: cookies.instructor, 'content-type': 'application/json', ...h }, body: '{}' });
        expect(res.status, `${w.method} ${w.pattern} ${JSON.stringify(h)}`).toBe(403);
        expect(JSON.parse(res.body).error).toMatch(/did not come from a ConvGrade page/);
      }
    }
  });

  it('every state-changing route answers 415 to a body that is not JSON, from the site itself', async () => {
    for (const w of writes) {
      const url = `${base}${fill(w.pattern, { id: 'conv3x3' })}`;
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const res = await request(url, { method: w.method, headers: { cookie: cookies.instructor, origin: base, 'content-type': type }, body: '{"a":1}' });
        expect(res.status, `${w.method} ${w.pattern} ${type}`).toBe(415);
      }
      // A body without any Content-Type is refused the same way.
      const bare = await request(url, { method: w.method, headers: { cookie: cookies.instructor, origin: base }, body: '{}' });
      expect(bare.status, `${w.method} ${w.pattern} untyped`).toBe(415);
    }
  });

  it('same-origin JSON writes work as before (Origin, or a same-site Referer)', async () => {
    const item = await platform.db.checklistItem.findFirstOrThrow();
    const tick = await request(`${base}/api/checklist`, {
      method: 'POST',
      headers: { cookie: cookies.student, origin: base, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ itemId: item.id, done: true }),
    });
    expect(tick.status, tick.body).toBe(200);
    const untick = await request(`${base}/api/checklist`, {
      method: 'POST',
      headers: { cookie: cookies.student, referer: `${base}/`, 'content-type': 'application/json' },
      body: JSON.stringify({ itemId: item.id, done: false }),
    });
    expect(untick.status, untick.body).toBe(200);
    // A body-less write (the UI's regrade and choose buttons) needs no Content-Type.
    const regrade = await request(`${base}/api/instructor/exercises/conv-output-size/regrade`, { method: 'POST', headers: { cookie: cookies.instructor, origin: base } });
    expect(regrade.status, regrade.body).toBe(200);
  });

  it("next-auth's own sign-in still needs its CSRF token", async () => {
    const a = platform.account('student');
    const res = await request(`${base}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ email: a.email, password: a.password, json: 'true' }).toString(),
    });
    expect([res.headers['set-cookie'] ?? []].flat().some((c) => c.includes('session-token='))).toBe(false);
  });
});

describe('security headers', () => {
  it('pages carry a CSP with a fresh nonce on every script, frame-ancestors none, nosniff and a Referrer-Policy', async () => {
    const a = await request(`${base}/signin`);
    const b = await request(`${base}/signin`);
    const csp = String(a.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(String(b.headers['content-security-policy'])).not.toContain(nonce);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/);
    expect(csp).toMatch(/object-src 'none'/);
    const scripts = [...a.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
    expect(a.headers['x-content-type-options']).toBe('nosniff');
    expect(a.headers['referrer-policy']).toBe('same-origin');
    expect(a.headers['strict-transport-security']).toBeUndefined(); // an http site
  });

  it('API answers, downloads, next-auth and static files carry them too', async () => {
    const chunk = /\/_next\/static\/[^"]+\.js/.exec((await request(`${base}/signin`)).body)![0];
    for (const p of ['/api/health', SETTINGS, '/api/auth/csrf', '/api/instructor/grades', chunk]) {
      const res = await request(`${base}${p}`, { headers: { cookie: cookies.student } });
      expect(res.headers['x-content-type-options'], p).toBe('nosniff');
      expect(res.headers['referrer-policy'], p).toBe('same-origin');
      if (p.startsWith('/api/')) expect(res.headers['content-security-policy'], p).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    }
  });

  it('the pages still work under the CSP: KaTeX math, the CodeMirror editor, sign-in', async () => {
    const page = await platform.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await platform.signIn(page, 'student');
    await page.goto('/exercises/conv-output-size');
    await page.locator('.katex').first().waitFor();
    // A write from the page itself: the browser's own Origin passes the check.
    for (const name of ['height', 'width', 'channels']) await page.locator(`input[name="${name}"]`).fill('1');
    await page.getByRole('button', { name: 'Check answer' }).click();
    await page.getByTestId('score').waitFor();
    await page.goto('/exercises/conv3x3');
    await page.locator('.cm-editor').first().waitFor();
    await page.locator('.cm-content').first().click();
    await page.keyboard.type('x = 1');
    await expect.poll(() => page.locator('.cm-content').first().textContent()).toContain('x = 1');
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('callbackUrl leads only back to this site', async () => {
    for (const cb of ['/%5Cevil.example', '/%09/evil.example', '//evil.example', 'https://evil.example/']) {
      const page = await platform.newPage();
      await page.goto(`/signin?callbackUrl=${cb}`);
      const a = platform.account('student');
      await page.getByLabel('Email').fill(a.email);
      await page.getByLabel('Password').fill(a.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
      expect(new URL(page.url()).origin, cb).toBe(base);
      await page.context().close();
    }
  });
});

describe('an https site (TLS at a reverse proxy)', () => {
  it('sends HSTS and upgrade-insecure-requests, and marks cookies Secure', async () => {
    const port = await freePort();
    const child = spawn(path.resolve('node_modules/.bin/next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
      env: { ...process.env, DATABASE_URL: `file:${testDbFile()}`, NEXTAUTH_URL: `https://127.0.0.1:${port}`, NEXTAUTH_SECRET: secret, REDIS_URL: `${inject('redisUrl')}/9` },
      stdio: 'ignore',
    });
    try {
      const url = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 200 && !(await request(`${url}/api/health`).then((r) => r.status === 200, () => false)); i++) await new Promise((r) => setTimeout(r, 300));
      const page = await request(`${url}/signin`);
      expect(page.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
      expect(page.headers['content-security-policy']).toMatch(/upgrade-insecure-requests/);
      const api = await request(`${url}/api/health`);
      expect(api.headers['strict-transport-security']).toMatch(/max-age=/);
      const csrf = await request(`${url}/api/auth/csrf`);
      const set = [csrf.headers['set-cookie'] ?? []].flat();
      expect(set.length).toBeGreaterThan(0);
      for (const c of set) expect(c).toMatch(/;\s*Secure/i);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('body limits while reading', () => {
  const big = 50 * MiB;
  it('refuses a declared 50 MB body with 413 without buffering it', async () => {
    // Warm the route first: its first call loads code, which is not what is measured.
    await request(`${base}/api/signup`, { method: 'POST', headers: { origin: base, 'content-type': 'application/json' }, body: '{}' });
    const before = rssBytes(platform.webPid);
    const res = await request(`${base}/api/signup`, {
      method: 'POST',
      headers: { origin: base, 'content-type': 'application/json', 'content-length': String(big) },
      streamBytes: big,
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error).toMatch(/larger than 1 MiB/);
    expect(rssBytes(platform.webPid) - before).toBeLessThan(20 * MiB);
  });

  it('refuses a 50 MB body sent without a length once the streamed bytes pass the cap', async () => {
    const before = rssBytes(platform.webPid);
    const res = await request(`${base}/api/signup`, {
      method: 'POST',
      headers: { origin: base, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      streamBytes: big,
    });
    expect(res.status).toBe(413);
    expect(rssBytes(platform.webPid) - before).toBeLessThan(20 * MiB);
  });

  it('holds submissions to their own larger cap, counted in bytes', async () => {
    const res = await request(`${base}/api/exercises/conv3x3/submissions`, {
      method: 'POST',
      headers: { cookie: cookies.student, origin: base, 'content-type': 'application/json', 'content-length': String(big) },
      streamBytes: big,
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error).toMatch(/larger than 12 MiB/);
    // 700 KiB of "é" is 1.4 MiB of UTF-8: over the sign-up cap although under 1 Mi UTF-16 units.
    const name = 'é'.repeat(700 * 1024);
    const signup = await request(`${base}/api/signup`, { method: 'POST', headers: { origin: base, 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
    expect(signup.status).toBe(413);
  });
});

/** Every string literal in lib/env.ts and scripts/: none of them may be the session secret. */
function codeConstants(): string[] {
  const files = ['lib/env.ts', ...fs.readdirSync('scripts', { recursive: true, encoding: 'utf8' }).map((f) => path.join('scripts', f))].filter(
    (f) => fs.statSync(f).isFile() && /\.(ts|mjs|js|sh)$/.test(f),
  );
  const found = new Set<string>();
  for (const f of files) {
    const src = fs.readFileSync(f, 'utf8');
    for (const m of src.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\$]|\\.)*)`/g)) {
      const s = m[1] ?? m[2] ?? m[3] ?? '';
      if (s) found.add(s);
    }
  }
  // The fixed fallback the code once had (issue 11, finding 1).
  found.add('convgrade-local-development-secret');
  return [...found];
}

describe('forged sessions', () => {
  it('a session sealed with any string constant of lib/env.ts or scripts/ opens nothing', async () => {
    // The instructor's own session, opened with the real secret, then sealed again with each constant:
    // the token differs from a real one only by its secret.
    const token = await decode({ token: decodeURIComponent(cookies.instructor.split('=')[1]!), secret });
    expect(token?.email).toBe('instructor@convgrade.local');
    const cookieName = cookies.instructor.split('=')[0]!;
    const open = async (key: string) => {
      const sealed = await encode({ token: token!, secret: key });
      return (await request(`${base}${SETTINGS}`, { headers: { cookie: `${cookieName}=${sealed}` } })).status;
    };
    expect(await open(secret)).toBe(200); // the check itself can fail
    const constants = codeConstants();
    expect(constants.length).toBeGreaterThan(50);
    for (const c of constants) expect(await open(c), JSON.stringify(c)).toBe(401);
  });
});

describe('malformed bodies', () => {
  const deep = '['.repeat(5000) + ']'.repeat(5000);
  const bodies: [string, string][] = [
    ['array', '[1,2,3]'],
    ['string', '"text"'],
    ['number', '42'],
    ['null', 'null'],
    ['boolean', 'true'],
    ['wrong types', JSON.stringify({ itemId: 5, done: 'yes', answer: [1, 2], language: 7, source: {}, format: null, content: 3, name: [], email: {}, password: 1, archived: 'no', studentId: {}, settings: 'x', weights: [1] })],
    ['huge strings', JSON.stringify({ name: 'n'.repeat(900 * 1024 / 2), source: 's'.repeat(900 * 1024 / 2) })],
    ['deep nesting', deep],
    ['deep object', '{"a":'.repeat(3000) + '1' + '}'.repeat(3000)],
    ['lone surrogate', '{"name":"\\ud800","source":"x\\udc00","language":"python","email":"a\\ud800@b.c","password":"\\ud800\\ud800\\ud800\\ud800"}'],
    ['NUL', '{"name":"a\\u0000b","source":"\\u0000","language":"python","itemId":"\\u0000","done":true}'],
    ['extra keys', JSON.stringify({ answer: { height: '1', width: '1', channels: '1', extra: 'x'.repeat(10000) }, __proto__: { admin: true }, constructor: { prototype: {} }, role: 'instructor' })],
    ['bad JSON', '{"a":'],
    ['bad UTF-8', '\u00ff'],
  ];

  it('no route answers 500, for a student, an instructor or no one', async () => {
    const ids = ['conv-output-size', 'conv3x3', 'mnist-challenge', 'no-such-id'];
    for (const w of writes) {
      const patterns = w.pattern.includes('[') ? ids.map((id) => fill(w.pattern, { id })) : [w.pattern];
      for (const p of patterns) {
        for (const who of ['student', 'instructor', null] as const) {
          for (const [label, body] of bodies) {
            const res = await request(`${base}${p}`, {
              method: w.method,
              headers: { origin: base, 'content-type': 'application/json', ...(who ? { cookie: cookies[who] } : {}) },
              body: label === 'bad UTF-8' ? Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]) : body,
            });
            expect(res.status, `${w.method} ${p} as ${who} with ${label}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
          }
        }
      }
    }
  });

  it("the queue dashboard's own write API never answers 500 to an instructor either", async () => {
    const board = queueBoardWrites();
    expect(board.length).toBeGreaterThan(10); // the route table was found
    // Obliterate and empty included: this platform's queues hold nothing another test needs.
    let served = 0;
    const values: Record<string, string> = { queueName: 'grade', queueStatus: 'failed', jobId: 'no-such-job', schedulerId: 'no-such-scheduler' };
    for (const r of board) {
      for (const queueName of ['grade', 'no-such-queue']) {
        const p = `/instructor/queues${r.pattern.replace(/:(\w+)/g, (_m, k: string) => (k === 'queueName' ? queueName : values[k] ?? 'x'))}`;
        for (const [label, body] of bodies) {
          const res = await request(`${base}${p}`, {
            method: r.method,
            headers: { origin: base, 'content-type': 'application/json', cookie: cookies.instructor },
            body: label === 'bad UTF-8' ? Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]) : body,
          });
          expect(res.status, `${r.method} ${p} with ${label}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
          if (res.status < 300) served++;
        }
      }
    }
    // bull-board itself answered (not only our refusals in front of it)
    expect(served).toBeGreaterThan(0);
    // Leave the queues running.
    await request(`${base}/instructor/queues/api/queues/resume`, { method: 'PUT', headers: { origin: base, 'content-type': 'application/json', cookie: cookies.instructor }, body: '{}' });
  });

  it('a lone surrogate or NUL gets 400 with a message that says so', async () => {
    const signup = await request(`${base}/api/signup`, {
      method: 'POST',
      headers: { origin: base, 'content-type': 'application/json' },
      body: '{"name":"Mal\\ud800","email":"m@example.org","password":"long-enough-pass"}',
    });
    expect(signup.status).toBe(400);
    expect(JSON.parse(signup.body).error).toMatch(/"name" contains a lone UTF-16 surrogate/);
    const code = await request(`${base}/api/exercises/conv3x3/submissions`, {
      method: 'POST',
      headers: { cookie: cookies.student, origin: base, 'content-type': 'application/json' },
      body: '{"language":"python","source":"print(1)\\u0000"}',
    });
    expect(code.status).toBe(400);
    expect(JSON.parse(code.body).error).toMatch(/"source" contains a NUL/);
  });
});
