import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from '../lib/env';
import { startRedis } from './lib/redis-server';
import { waitHealthy } from './lib/wait-healthy';

// Runs the whole platform locally: Redis (unless REDIS_URL is set), the
// queue services, a worker and the web server. Ctrl-C stops everything.

const env = parseEnv();
const children: ChildProcess[] = [];
let redisStop: (() => Promise<void>) | undefined;
const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  CONVGRADE_LOCAL: '1',
  NEXTAUTH_URL: env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`,
};

if (!process.env.REDIS_URL) {
  const dir = path.resolve(env.DATA_DIR, 'redis');
  const redis = await startRedis({ port: 6379, dir, persist: true }).catch(() => startRedis({ dir, persist: true }));
  redisStop = redis.stop;
  childEnv.REDIS_URL = redis.url;
  console.log(`[start] redis-server on ${redis.url} (data in ${dir})`);
}

const run = (name: string, cmd: string, args: string[]) => {
  const child = spawn(cmd, args, { env: childEnv, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[start] ${name} exited (${signal ?? code}); stopping everything`);
      void stop(1);
    }
  });
  children.push(child);
};
// One node process each (no tsx wrapper), so SIGTERM reaches their own shutdown handlers.
run('services', process.execPath, ['--import', 'tsx', 'scripts/services.ts']);
run('worker', process.execPath, ['--import', 'tsx', 'worker/main.ts']);
run('web', path.resolve('node_modules/.bin/next'), ['start', '-p', String(env.PORT), '-H', '127.0.0.1']);

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r)))));
  await redisStop?.();
  process.exit(code);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

const url = `http://localhost:${env.PORT}`;
const health = await waitHealthy({ url: `${url}/api/health`, attempts: 120, intervalMs: 500, cancelled: () => stopping });
if (!health.ok) {
  // Saying "running" here would send people to a page that is not there.
  if (!stopping) {
    console.error(`[start] the web server did not become healthy at ${url}/api/health (last: ${health.last}); see the logs above. Stopping.`);
    await stop(1);
  }
} else {
  fs.mkdirSync(env.DATA_DIR, { recursive: true });
  // The demo accounts exist only when the seed made them (DEMO_SEED).
  const accounts = env.DEMO_SEED
    ? '\n  instructor: instructor@convgrade.local / instructor-demo\n  student:    student@convgrade.local / student-demo'
    : '';
  console.log(`\nConvGrade is running at ${url}${accounts}\nPress Ctrl-C to stop.`);
}
