import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { EnvError, parseEnv } from '../lib/env';
import { startConfig, type StartConfig } from './lib/start-config';
import { dataFolderSecret } from '../lib/local-secret';
import { startRedis } from './lib/redis-server';
import { supervise, type Supervised } from './lib/supervise';
import { waitHealthy } from './lib/wait-healthy';

// Runs the whole platform locally: Redis (unless REDIS_URL is set), the
// queue services, a worker and the web server. A crashed worker or services
// process is restarted with backoff (logged) while the site stays up; only the
// web server's exit or Ctrl-C stops everything. In production, systemd does
// this job instead (deploy/systemd/).

const env = parseEnv();
let config: StartConfig;
try {
  config = startConfig();
} catch (e) {
  if (!(e instanceof EnvError)) throw e;
  console.error(`[start] ${e.message}`);
  process.exit(1);
}
for (const note of config.notes) console.log(`[start] ${note}`);
const log = (m: string) => console.log(`[start] ${m}`);
let redisStop: (() => Promise<void>) | undefined;
const childEnv: NodeJS.ProcessEnv = { ...process.env, ...config.childEnv };

if (!process.env.REDIS_URL) {
  const dir = path.resolve(env.DATA_DIR, 'redis');
  // A password even on loopback: other users of this machine must not write grades into the queue.
  const password = dataFolderSecret({ dataDir: env.DATA_DIR, name: 'redis-password' });
  // Always a free port, never 6379: another project's Redis there would
  // silently share our queues. startRedis checks the answering pid is ours.
  const redis = await startRedis({ dir, persist: true, password });
  redisStop = redis.stop;
  childEnv.REDIS_URL = redis.url;
  log(`redis-server on 127.0.0.1:${redis.port} (pid ${redis.process.pid}), with a password (data in ${dir})`);
}

// One node process each (no tsx wrapper), so SIGTERM reaches their own shutdown handlers.
const spawnChild = (cmd: string, args: string[], env: NodeJS.ProcessEnv = childEnv): ChildProcess => spawn(cmd, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });

const supervised: Supervised[] = [
  supervise({ name: 'services', log, start: () => spawnChild(process.execPath, ['--import', 'tsx', 'scripts/services.ts']) }),
  supervise({ name: 'worker', log, start: () => spawnChild(process.execPath, ['--import', 'tsx', 'worker/main.ts']) }),
];
// The address the configuration chose (the local quick start listens on 127.0.0.1 whatever HOST says).
const web = spawnChild(process.execPath, ['--import', 'tsx', 'scripts/web-server.ts'], { ...childEnv, PORT: String(config.port), HOST: config.host });
web.on('exit', (code, signal) => {
  if (stopping) return;
  console.error(`[start] the web server exited (${signal ?? code}); stopping everything`);
  void stop(1);
});

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  const webExited = web.exitCode !== null || web.signalCode !== null ? null : new Promise((r) => web.once('exit', r));
  web.kill('SIGTERM');
  await Promise.all([...supervised.map((s) => s.stop()), webExited]);
  await redisStop?.();
  process.exit(code);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

const url = config.siteUrl;
// Probed directly, not through NEXTAUTH_URL: that may be a reverse proxy not set up yet.
const probeHost = ['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
const local = `http://${probeHost}:${config.port}`;
const health = await waitHealthy({ url: `${local}/api/health`, attempts: 120, intervalMs: 500, cancelled: () => stopping });
if (!health.ok) {
  // Saying "running" here would send people to a page that is not there.
  if (!stopping) {
    console.error(`[start] the web server did not become healthy at ${local}/api/health (last: ${health.last}); see the logs above. Stopping.`);
    await stop(1);
  }
} else {
  fs.mkdirSync(env.DATA_DIR, { recursive: true });
  // The demo accounts exist only when the seed made them (local mode with DEMO_SEED).
  const accounts = config.demoInstructorPassword
    ? `\n  instructor: instructor@convgrade.local / ${config.demoInstructorPassword}  (random for this data folder, kept in ${env.DATA_DIR}/demo-instructor-password)\n  student:    student@convgrade.local / student-demo`
    : '';
  console.log(`\nConvGrade is running at ${url}${accounts}\nPress Ctrl-C to stop.`);
}
