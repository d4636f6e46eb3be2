import fs from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startPlatform, type Platform } from './platform';

// The web server in two processes sharing one port (WEB_PROCESSES=2,
// scripts/web-server.ts): both answer, a scrape of /metrics counts the
// requests every process answered, and a process that dies is replaced while
// the site stays up.

const METRICS_TOKEN = 'metrics-token-for-the-web-processes-test';
let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({ redisUrl: `${inject('redisUrl')}/6`, extraEnv: { WEB_PROCESSES: '2', METRICS_TOKEN } });
});
afterAll(async () => {
  await platform?.stop();
});

/** The web processes the cluster primary forked (not tsx's esbuild helper, its other child). */
function webProcesses(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        // field 4 of /proc/PID/stat is the parent's pid (after the command in parentheses)
        const parent = fs.readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1];
        return parent === String(platform.webPid) && fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('web-server.ts');
      } catch {
        return false;
      }
    })
    .map(Number);
}

// Fresh connections, as many browsers would open: the cluster hands connections out in turn.
const agent = new http.Agent({ keepAlive: false });
function request(method: 'GET' | 'POST', path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${platform.url}${path}`, { method, agent, timeout: 5000, headers: { 'content-type': 'application/json', origin: platform.url } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}
const post = (path: string) => request('POST', path);

async function scrape(): Promise<string> {
  const res = await fetch(`${platform.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
}

const submitCount = (text: string) =>
  [...text.matchAll(/^convgrade_submit_duration_seconds_count\{[^}]*\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);

describe('a web server of two processes', () => {
  it('serves from two processes, and a scrape counts what each of them answered', async () => {
    expect(webProcesses()).toHaveLength(2);
    const before = submitCount(await scrape());
    // Signed out: every one is refused (401), and every one is timed.
    const statuses = await Promise.all(Array.from({ length: 20 }, () => post('/api/exercises/conv3x3/submissions')));
    expect(new Set(statuses)).toEqual(new Set([401]));
    expect(submitCount(await scrape()) - before).toBe(20);
    // Figures read from Redis and the database are the same in every process: taken once, not summed.
    const text = await scrape();
    expect(text).toMatch(/^convgrade_queue_jobs\{queue="grade",state="waiting"\} 0$/m);
    expect(text.match(/^convgrade_results_recorded_total\{gradable="true"\} .*$/gm)).toHaveLength(1);
  });

  it('replaces a process that dies, and the site keeps answering', async () => {
    const [victim, survivor] = webProcesses();
    process.kill(victim!, 'SIGKILL');
    // The other process answers meanwhile. A connection the primary handed to the
    // dying process is lost with it, as with any crash.
    // Until the primary has noticed, connections it hands the dead one are lost too.
    await expect.poll(() => request('GET', '/api/health').catch(() => 0), { timeout: 20_000, interval: 100 }).toBe(200);
    await expect.poll(() => webProcesses().filter((p) => p !== victim), { timeout: 60_000, interval: 250 }).toHaveLength(2);
    expect(webProcesses()).toContain(survivor);
    for (let i = 0; i < 5; i++) expect(await request('GET', '/api/health')).toBe(200);
    await expect.poll(async () => (await post('/api/exercises/conv3x3/submissions')) === 401, { timeout: 30_000 }).toBe(true);
  });
});
