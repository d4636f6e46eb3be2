import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../../lib/db';
import { hashPassword } from '../../lib/auth/password';
import { QUEUE_GRADE } from '../../lib/queue/contract';
import { seed } from '../../prisma/seed';
import { killGroup, waitFor } from '../helpers/processes';
import { postgresCluster, postgresDatabaseUrl } from '../helpers/test-db';

// Several nodes on one PostgreSQL and one Redis, as docs/deploy.md describes:
// two web servers (built app, different ports, one NEXTAUTH_SECRET), two
// queue services processes (two result recorders at once) and two workers
// that hold no database credentials. A burst of code submissions, spread over
// both web nodes, is graded exactly once. Then the operator's views.
// Needs the production build (`npm test` makes it first). Uses the cluster of
// CONVGRADE_TEST_POSTGRES_URL, or starts a throwaway one itself.

const STUDENTS = 4;
const PER_STUDENT = 3;
const SECRET = crypto.randomBytes(24).toString('hex');
const METRICS_TOKEN = crypto.randomBytes(24).toString('hex');
const redisUrl = `${inject('redisUrl')}/2`;

let cluster: { url: string; stop(): void } | undefined;
let dbUrl: string;
let db: Db;
const children: (ChildProcess & { name: string; log: () => string })[] = [];
const webs: string[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function start(name: string, cmd: string, args: string[], env: Record<string, string | undefined>) {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  children.push(Object.assign(child, { name, log: () => log }));
}

const logs = () => children.map((c) => `--- ${c.name} (exit ${c.exitCode ?? 'running'})\n${c.log().slice(-2000)}`).join('\n');

beforeAll(async () => {
  if (!fs.existsSync('.next/BUILD_ID')) throw new Error('this test runs the built web app: run `npx next build` first (npm test does)');
  cluster = postgresCluster();
  const name = `convgrade_multinode_${crypto.randomBytes(4).toString('hex')}`;
  execFileSync('psql', [cluster.url, '-qc', `CREATE DATABASE ${name}`]);
  dbUrl = postgresDatabaseUrl(name, cluster.url);
  // As at start-up: migrations, then the seed (course and exercises; no demo accounts in production).
  execFileSync(process.execPath, ['node_modules/prisma/build/index.js', 'migrate', 'deploy'], { env: { ...process.env, DATABASE_URL: dbUrl }, stdio: 'pipe' });
  await seed({ demo: false, url: dbUrl });
  db = createDb(dbUrl);
  const passwordHash = await hashPassword('student-pass');
  await db.user.createMany({
    data: [
      ...Array.from({ length: STUDENTS }, (_, i) => ({ email: `s${i}@multi.local`, name: `Student ${i}`, passwordHash })),
      { email: 'staff@multi.local', name: 'Staff', role: 'instructor', passwordHash },
    ],
  });
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  redis.disconnect();

  const common = { REDIS_URL: redisUrl, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
  const appEnv = { ...common, DATABASE_URL: dbUrl, NEXTAUTH_SECRET: SECRET, METRICS_TOKEN, RECONCILE_INTERVAL_SECONDS: '2' };
  for (const i of [0, 1]) {
    const port = await freePort();
    webs.push(`http://127.0.0.1:${port}`);
    start(`web-${i}`, process.execPath, ['--import', 'tsx', 'scripts/web-server.ts'], { ...appEnv, PORT: String(port), HOST: '127.0.0.1', NEXTAUTH_URL: webs[i] });
    start(`services-${i}`, process.execPath, ['--import', 'tsx', 'scripts/services.ts'], appEnv);
    // A worker gets Redis only: a database URL that leads nowhere would fail any query it tried.
    start(`worker-${i}`, process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      ...common,
      DATABASE_URL: 'postgresql://nobody:none@127.0.0.1:1/none',
      NEXTAUTH_SECRET: undefined,
      METRICS_TOKEN: undefined,
    });
  }
  for (const url of webs) {
    await waitFor(`${url} healthy\n${logs()}`, () => fetch(`${url}/api/health`).then((r) => r.ok).catch(() => false), 120_000);
  }
}, 240_000);

afterAll(async () => {
  for (const c of children) killGroup(c, 'SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  for (const c of children) killGroup(c, 'SIGKILL');
  await db?.$disconnect();
  cluster?.stop();
});

/** Signs in through next-auth's credentials flow; returns the session cookie. */
async function signIn(web: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${web}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(';')[0]);
  const res = await fetch(`${web}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('next-auth.session-token='));
  if (!session) throw new Error(`sign-in of ${email} at ${web} failed (${res.status})`);
  return session.split(';')[0];
}

describe('several nodes on one PostgreSQL and one Redis', () => {
  it('grade a burst spread over two web nodes exactly once', async () => {
    const source = fs.readFileSync('test/fixtures/code/conv3x3.js', 'utf8');
    // Each student signs in on one node and submits through both: the nodes share the session secret.
    const cookies = await Promise.all(Array.from({ length: STUDENTS }, (_, i) => signIn(webs[i % 2], `s${i}@multi.local`, 'student-pass')));
    const burst = cookies.flatMap((cookie, i) =>
      Array.from({ length: PER_STUDENT }, (_, k) =>
        fetch(`${webs[(i + k) % 2]}/api/exercises/conv3x3/submissions`, {
          method: 'POST',
          // a browser sends its page's Origin; the site refuses writes without one
          headers: { 'content-type': 'application/json', cookie, origin: webs[(i + k) % 2] },
          body: JSON.stringify({ language: 'javascript', source }),
        }),
      ),
    );
    const responses = await Promise.all(burst);
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { id?: string; submissionId?: string }[];
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 201));
    const total = STUDENTS * PER_STUDENT;

    await waitFor(
      `all ${total} graded\n${logs()}`,
      async () => (await db.submission.count({ where: { exerciseId: 'conv3x3', status: 'graded' } })) === total,
      180_000,
    );
    const subs = await db.submission.findMany({ where: { exerciseId: 'conv3x3' }, include: { results: true } });
    expect(subs).toHaveLength(total);
    expect(bodies.every((b) => subs.some((s) => s.id === (b.id ?? b.submissionId)))).toBe(true);
    for (const s of subs) {
      // one result per submission although two recorders heard every completion
      expect(s.results).toHaveLength(1);
      expect(s.results[0].current).toBe(true);
      expect(s.score).toBe(s.maxScore);
    }
    // each job ran once: no stall, no second attempt on the other worker
    const grade = new Queue(QUEUE_GRADE, { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }) });
    try {
      for (const s of subs) {
        const job = await Job.fromId(grade, s.id);
        expect(job?.finishedOn, `job ${s.id}`).toBeTruthy();
        expect([job?.attemptsStarted, job?.attemptsMade, job?.stalledCounter], `job ${s.id}`).toEqual([1, 1, 0]);
      }
    } finally {
      await grade.close();
    }
  });

  it('serve Prometheus metrics only with the token, with the whole platform in them', async () => {
    expect((await fetch(`${webs[0]}/metrics`)).status).toBe(401);
    expect((await fetch(`${webs[0]}/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
    for (const web of webs) {
      const res = await fetch(`${web}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain(`convgrade_results_recorded_total{gradable="true"} ${STUDENTS * PER_STUDENT}`);
      expect(text).toContain('convgrade_queue_jobs{queue="grade",state="completed"} ' + STUDENTS * PER_STUDENT);
      expect(text).toMatch(/^convgrade_submit_duration_seconds_count\{status="201"\} \d+$/m);
    }
  });

  it('show the queue dashboard to instructors only', async () => {
    const staff = await signIn(webs[1], 'staff@multi.local', 'student-pass');
    const student = await signIn(webs[0], 's0@multi.local', 'student-pass');

    const anonymous = await fetch(`${webs[0]}/instructor/queues`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/\/signin\?callbackUrl=%2Finstructor%2Fqueues/);
    expect((await fetch(`${webs[0]}/instructor/queues/api/queues`, { headers: { cookie: student } })).status).toBe(403);

    const page = await fetch(`${webs[0]}/instructor/queues`, { headers: { cookie: staff } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('ConvGrade queues');
    // the page's scripts carry the nonce its Content-Security-Policy allows
    const nonce = /'nonce-([^']+)'/.exec(page.headers.get('content-security-policy') ?? '')?.[1];
    expect(nonce).toBeTruthy();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(1);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const api = await fetch(`${webs[0]}/instructor/queues/api/queues?activeQueue=grade&status=completed&page=1`, { headers: { cookie: staff } });
    expect(api.status).toBe(200);
    const queues = ((await api.json()) as { queues: { name: string; counts: Record<string, number> }[] }).queues;
    expect(queues.map((q) => q.name).sort()).toEqual(['grade', 'train']);
    expect(queues.find((q) => q.name === 'grade')?.counts.completed).toBe(STUDENTS * PER_STUDENT);
    const css = (await (await fetch(`${webs[0]}/instructor/queues`, { headers: { cookie: staff } })).text()).match(/href="([^"]+\.css)"/)?.[1];
    expect(css).toBeTruthy();
    expect((await fetch(new URL(css!, `${webs[0]}/instructor/queues/`), { headers: { cookie: staff } })).status).toBe(200);

    // an action without this site's Origin (a cross-site form) is refused
    const pause = `${webs[0]}/instructor/queues/api/queues/train/pause`;
    expect((await fetch(pause, { method: 'PUT', headers: { cookie: staff } })).status).toBe(403);
    expect((await fetch(pause, { method: 'PUT', headers: { cookie: staff, origin: 'http://evil.example' } })).status).toBe(403);
    expect((await fetch(pause, { method: 'PUT', headers: { cookie: student, origin: webs[0] } })).status).toBe(403);
    const paused = async () => {
      const r = await fetch(`${webs[0]}/instructor/queues/api/queues`, { headers: { cookie: staff } });
      return ((await r.json()) as { queues: { name: string; isPaused: boolean }[] }).queues.find((q) => q.name === 'train')?.isPaused;
    };
    expect(await paused()).toBe(false);
    // from the dashboard's own page the action works, and shows on the other node too
    expect((await fetch(pause, { method: 'PUT', headers: { cookie: staff, origin: webs[0] } })).status).toBeLessThan(300);
    expect(await paused()).toBe(true);
    const resume = `${webs[1]}/instructor/queues/api/queues/train/resume`;
    expect((await fetch(resume, { method: 'PUT', headers: { cookie: staff, origin: webs[1] } })).status).toBeLessThan(300);
    expect(await paused()).toBe(false);
  });
});
