// Class progress matrix at class scale. Run: npx tsx bench/class-matrix.ts [students] [exercises]
// (default 200 × 20, 0–3 graded attempts per pair, the seed in test/helpers/class-seed.ts).
// 1. the data the page needs: classProgress() + summarizeMatrix(), median of 10
// 2. the whole page as an instructor's browser gets it from `next start` (needs a
//    production build: `npx next build`): server response time for /instructor and
//    navigation to the load event in Chromium, median of 5, against the 1 s goal.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { createDb } from '../lib/db';
import { classProgress, summarizeMatrix } from '../lib/instructor/class-progress';
import { testDbFile } from '../test/helpers/test-db';
import { seedClass } from '../test/helpers/class-seed';
import { seed, DEMO_INSTRUCTOR } from '../prisma/seed';
import { freePort } from '../scripts/lib/redis-server';

const students = Number(process.argv[2] ?? 200);
const exercises = Number(process.argv[3] ?? 20);
const GOAL_MS = 1000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;

const url = `file:${testDbFile()}`;
const instructorPassword = crypto.randomBytes(12).toString('base64url');
await seed({ demo: true, instructorPassword, url });
const db = createDb(url);
// Only the synthetic class: the course's own exercises would add columns beyond the size asked for.
await db.exercise.updateMany({ data: { archived: true } });
const seeded = await seedClass(db, { students, exercises });
console.log(`seeded ${students} students × ${exercises} exercises, ${seeded.submissions} graded submissions`);

const times: number[] = [];
let cells = 0;
for (let i = 0; i < 10; i++) {
  const t = performance.now();
  const p = await classProgress({ db });
  summarizeMatrix(p);
  times.push(performance.now() - t);
  cells = p.rows.length * p.exercises.length;
}
console.log(`classProgress + summarizeMatrix (${cells} cells), median of 10: ${ms(median(times))}`);
await db.$disconnect();

if (!fs.existsSync('.next/BUILD_ID')) {
  console.log('page timing skipped: no production build here (run `npx next build`, then this again)');
  process.exit(0);
}
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(path.resolve('node_modules/.bin/next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
  env: {
    ...process.env,
    DATABASE_URL: url,
    NEXTAUTH_URL: base,
    NEXTAUTH_SECRET: crypto.randomBytes(32).toString('base64url'),
    NEXT_TELEMETRY_DISABLED: '1',
    // the page reads no queue; nothing listens here
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:1',
  },
  stdio: ['ignore', 'ignore', 'pipe'],
  detached: true,
});
let serverLog = '';
server.stderr?.on('data', (d) => (serverLog += d));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'] });
try {
  const end = Date.now() + 90_000;
  while (!(await fetch(`${base}/signin`).then((r) => r.ok).catch(() => false))) {
    if (Date.now() > end) throw new Error(`next start did not answer:\n${serverLog.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  const ctx = await browser.newContext({ baseURL: base, viewport: { width: 1366, height: 900 } });
  const page = await ctx.newPage();
  await page.goto('/signin');
  await page.getByLabel('Email').fill(DEMO_INSTRUCTOR.email);
  await page.getByLabel('Password').fill(instructorPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
  const cookie = (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  await fetch(`${base}/instructor`, { headers: { cookie } }); // warm-up: first render compiles nothing, but fills caches
  const serverMs: number[] = [];
  const load: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const res = await fetch(`${base}/instructor`, { headers: { cookie } });
    bytes = (await res.text()).length;
    serverMs.push(performance.now() - t);
    const t2 = performance.now();
    await page.goto('/instructor', { waitUntil: 'load' });
    await page.getByTestId('progress-matrix').waitFor();
    load.push(performance.now() - t2);
  }
  // The same server on a light instructor page: what any page costs here, beside the matrix.
  const baseline: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await (await fetch(`${base}/instructor/export`, { headers: { cookie } })).text();
    baseline.push(performance.now() - t);
  }
  const rows = await page.locator('[data-testid=progress-matrix] tbody tr').count();
  console.log(`GET /instructor, full HTML (${(bytes / 1024).toFixed(0)} KiB, ${rows} rows), median of 5: ${ms(median(serverMs))}  (goal < ${ms(GOAL_MS)})`);
  console.log(`GET /instructor/export (a light page, same server), median of 5: ${ms(median(baseline))}`);
  console.log(`Chromium navigation to the load event, matrix shown, median of 5: ${ms(median(load))}  (goal < ${ms(GOAL_MS)})`);
} finally {
  await browser.close();
  if (server.pid) process.kill(-server.pid, 'SIGTERM');
}
