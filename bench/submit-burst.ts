// A deadline rush at one web node: the whole platform as `npm start` runs it
// (scripts/start.ts on a free port, its own Redis, one default worker, a fresh
// SQLite database), N students signed up and signed in over HTTP, then every
// student's K code submissions fired at the same moment. Prints submit
// latency (p50/p95/max), requests per second, and the time until every one of
// them is graded, once per web server size (WEB_PROCESSES, scripts/web-server.ts)
// so one process and two are side by side. Needs a production build (`npx next build`).
//   npx tsx bench/submit-burst.ts [--students 20] [--per-student 10] [--language python|typescript|javascript] [--web-processes 1,2]
// Profile the web server during the burst (then: npx tsx bench/lib/profile-top.ts DIR/*.cpuprofile):
//   CPU_PROFILE_DIR=/tmp/prof NODE_OPTIONS="--require ./bench/lib/cpu-profile.cjs" npx tsx bench/submit-burst.ts
import fs from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { createDb } from '../lib/db';
import { startLocalPlatform } from '../scripts/lib/local-platform';
import { newStudent, type WebSession } from '../scripts/lib/web-client';
import { cpuSince, groupCpu, groupPids } from './lib/process-cpu';

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '20' },
    'per-student': { type: 'string', default: '10' },
    language: { type: 'string', default: 'python' },
    'graded-timeout': { type: 'string', default: '300' },
    'web-processes': { type: 'string', default: '1,2' },
  },
});
const students = Number(values.students);
const perStudent = Number(values['per-student']);
const language = values.language!;
const SOURCES: Record<string, string> = {
  python: 'test/fixtures/seed/conv3x3.py',
  typescript: 'test/fixtures/code/conv3x3.ts',
  javascript: 'test/fixtures/code/conv3x3.js',
};
const source = fs.readFileSync(SOURCES[language] ?? SOURCES.python!, 'utf8');
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;

for (const webProcesses of values['web-processes']!.split(',').map(Number)) await burst(webProcesses);

async function burst(webProcesses: number) {
const platform = await startLocalPlatform({ env: { WEB_PROCESSES: String(webProcesses) } });
const db = createDb(platform.databaseUrl);
try {
  const submit = (s: WebSession) =>
    s.fetch('/api/exercises/conv3x3/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ language, source, mode: 'submit' }),
    });
  const sessions: WebSession[] = [];
  for (let i = 0; i < students; i++) {
    sessions.push(await newStudent(platform.base, { name: `Student ${i}`, email: `s${i}@bench.local`, password: `password-${i}` }));
  }
  // A warm server (routes loaded, database and Redis connections open, worker
  // ready) as at a real deadline: one submission first, graded.
  const warm = (await (await submit(await newStudent(platform.base, { name: 'Warm-up', email: 'warm@bench.local', password: 'password-warm' }))).json()) as { submissionId: string };
  for (;;) {
    const row = await db.submission.findUnique({ where: { id: warm.submissionId } });
    if (row?.status === 'graded') break;
    if (row?.status === 'failed') throw new Error(`warm-up submission failed: ${row.lastError}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  // The burst on fresh connections (as 200 browsers would open), not on
  // keep-alive sockets left idle since sign-in, which the server may be
  // closing just as they are reused.
  const body = JSON.stringify({ language, source, mode: 'submit' });
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const post = (cookie: string) =>
    new Promise<{ status: number; text: string }>((resolve) => {
      const req = http.request(`${platform.base}/api/exercises/conv3x3/submissions`, { method: 'POST', agent, headers: { 'content-type': 'application/json', cookie, origin: platform.base } }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', (e) => resolve({ status: 0, text: JSON.stringify({ error: e.message }) }));
      req.end(body);
    });
  const total = students * perStudent;
  const pgid = platform.process.pid!;
  const cpuBefore = groupCpu(pgid);
  // with bench/lib/cpu-profile.cjs preloaded, SIGUSR2 starts and stops the web server's profile
  const profiling = !!process.env.CPU_PROFILE_DIR;
  if (profiling) for (const pid of groupPids(pgid, 'web')) process.kill(pid, 'SIGUSR2');
  const started = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: total }, async (_, i) => {
      const t0 = performance.now();
      const res = await post(sessions[i % students]!.cookie);
      const ms = performance.now() - t0;
      let parsed: { submissionId?: string; error?: string } = {};
      try {
        parsed = JSON.parse(res.text);
      } catch {
        parsed = { error: res.text.slice(0, 200) };
      }
      return { ms, status: res.status, id: parsed.submissionId, error: parsed.error };
    }),
  );
  const acceptedAll = performance.now();
  const cpuBurst = cpuSince(cpuBefore, groupCpu(pgid));
  if (profiling) for (const pid of groupPids(pgid, 'web')) process.kill(pid, 'SIGUSR2');
  const rejected = outcomes.filter((o) => o.status !== 201);
  const ids = outcomes.flatMap((o) => (o.id ? [o.id] : []));
  const timeout = Number(values['graded-timeout']) * 1000;
  let graded = 0;
  let failed = 0;
  while (performance.now() - started < timeout) {
    const counts = await db.submission.groupBy({ by: ['status'], where: { id: { in: ids } }, _count: true });
    graded = counts.find((c) => c.status === 'graded')?._count ?? 0;
    failed = counts.find((c) => c.status === 'failed')?._count ?? 0;
    if (graded + failed === ids.length) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const gradedAt = performance.now();
  const cpuAll = cpuSince(cpuBefore, groupCpu(pgid));
  const latencies = outcomes.map((o) => o.ms);
  const results = await db.result.count({ where: { submissionId: { in: ids } } });
  console.log(`submit burst: ${students} students x ${perStudent} ${language} submissions of conv3x3, all fired at once at one web node of ${webProcesses} process${webProcesses > 1 ? 'es' : ''} (WEB_PROCESSES=${webProcesses})`);
  console.log(`  accepted        ${total - rejected.length}/${total}${rejected.length ? ` (first refusal: HTTP ${rejected[0]!.status} ${rejected[0]!.error})` : ''}`);
  console.log(`  submit latency  p50 ${ms(pct(latencies, 50))}, p95 ${ms(pct(latencies, 95))}, max ${ms(Math.max(...latencies))}   (target: p50 <= 300 ms, p95 <= 1000 ms)`);
  console.log(`  throughput      ${(total / ((acceptedAll - started) / 1000)).toFixed(0)} requests/s (${ms(acceptedAll - started)} until the last answer)`);
  const cpu = (c: Record<string, number>) => Object.entries(c).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
  console.log(`  web CPU         ${((cpuBurst.web * 1000) / total).toFixed(1)} ms per submit request (CPU s until the last answer: ${cpu(cpuBurst)})`);
  console.log(`  graded          ${graded}/${ids.length}${failed ? `, ${failed} failed` : ''}, ${results} results, in ${((gradedAt - started) / 1000).toFixed(1)} s from the first request   (target: 60 s)`);
  console.log(`  CPU s until all graded: ${cpu(cpuAll)}; load average at the end ${(await import('node:os')).loadavg()[0]!.toFixed(1)} on ${(await import('node:os')).cpus().length} cores`);
  if (process.env.TRACE_SUBMIT) printTrace(platform.logs());
} finally {
  await db.$disconnect();
  await platform.stop();
  fs.rmSync(platform.dataDir, { recursive: true, force: true });
}
}

/** Mean and p95 of each phase the web server logged with TRACE_SUBMIT=1. */
function printTrace(logs: string) {
  const phases = new Map<string, number[]>();
  for (const m of logs.matchAll(/\[trace(?:-(\w+))?\] (.+)/g)) {
    const v = JSON.parse(m[2]!) as Record<string, number> | number;
    const entries = typeof v === 'number' ? [[`${m[1]}-retries`, v] as const] : Object.entries(v).map(([k, x]) => [`${m[1] ?? 'route'}.${k}`, x] as const);
    for (const [k, x] of entries) phases.set(k, [...(phases.get(k) ?? []), x]);
  }
  for (const [k, xs] of phases) console.log(`  trace ${k.padEnd(16)} n ${xs.length} mean ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1)} p95 ${pct(xs, 95).toFixed(1)} max ${Math.max(...xs).toFixed(1)}`);
}
