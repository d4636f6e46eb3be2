import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './redis-server';

// The whole platform as `npm start` runs it (scripts/start.ts: Redis, services,
// worker, web), on a free port with a fresh database in a temporary folder.
// For benchmarks and tests; needs a production build (.next), as `npm start`
// makes one.

export interface LocalPlatform {
  base: string;
  dataDir: string;
  databaseUrl: string;
  process: ChildProcess;
  logs(): string;
  stop(): Promise<void>;
}

export async function startLocalPlatform(opts: { env?: Record<string, string>; echo?: boolean } = {}): Promise<LocalPlatform> {
  if (!fs.existsSync('.next/BUILD_ID')) throw new Error('no production build: run `npx next build` (or `npm start` once) first');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-platform-'));
  const databaseUrl = `file:${path.join(dataDir, 'convgrade.db')}`;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl, PORT: String(port), DEMO_SEED: '0', NEXTAUTH_URL: `http://127.0.0.1:${port}`, ...opts.env };
  // REDIS_URL from the caller's environment would make start.ts skip its own Redis.
  if (!opts.env?.REDIS_URL) delete env.REDIS_URL;
  execFileSync(process.execPath, [path.resolve('node_modules/prisma/build/index.js'), 'migrate', 'deploy'], { env, stdio: 'pipe' });
  execFileSync(process.execPath, ['--import', 'tsx', 'prisma/seed.ts'], { env, stdio: 'pipe' });

  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  const take = (d: Buffer) => {
    log += d;
    if (opts.echo) process.stderr.write(d);
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone already
      }
    }, 20_000);
    await exited;
    clearTimeout(timer);
  };
  await new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (log.includes('ConvGrade is running')) {
        child.stdout!.off('data', onData);
        child.off('exit', onExit);
        resolve();
      }
    };
    const onExit = (code: number | null) => reject(new Error(`the platform exited (${code}) before it was up:\n${log.slice(-4000)}`));
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
  return { base: `http://127.0.0.1:${port}`, dataDir, databaseUrl, process: child, logs: () => log, stop };
}
