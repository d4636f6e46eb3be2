import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

// Starts Debian's redis-server on a free loopback port. Used by the test setup
// and by the local start script when REDIS_URL is not given.
//
// "Something answers on the port" does not mean "our server is up": another
// Redis may already listen there (or grab a free port between our check and
// our bind), and our child then exits with "Address already in use". So a
// server counts as ours only when INFO's process_id is the pid we spawned.

export interface RedisHandle {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** The port answered, but by a redis-server we did not start. */
export class RedisPortTakenError extends Error {}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * process_id from INFO server of whatever Redis answers on the port (with our
 * password and TLS, if any); undefined while nothing answers, or when a server
 * there refuses our password.
 */
export async function redisServerPid(port: number, opts: { password?: string; tls?: boolean } = {}): Promise<number | undefined> {
  const client = new Redis({
    port,
    host: '127.0.0.1',
    password: opts.password,
    // our own throwaway certificate: identity is checked by pid, not by the certificate
    tls: opts.tls ? { rejectUnauthorized: false } : undefined,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1000,
    commandTimeout: 1000,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    const info = await client.info('server');
    const pid = /^process_id:(\d+)/m.exec(info)?.[1];
    return pid ? Number(pid) : undefined;
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}

export interface StartRedisOptions {
  /** a fixed port: no second try if it is taken */
  port?: number;
  dir?: string;
  persist?: boolean;
  /** clients must AUTH with it; given on stdin, so it never shows in the process list */
  password?: string;
  /** serve TLS only (rediss://) with this certificate and key */
  tls?: { certFile: string; keyFile: string };
  /** where a port comes from when none is fixed (tests inject a taken one) */
  pickPort?: () => Promise<number>;
}

/** Tries a few free ports in turn: another process may take the one we picked before we bind it. */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisHandle> {
  if (options.port) return startRedisOn(options.port, options);
  const pick = options.pickPort ?? freePort;
  let last: unknown;
  for (let i = 0; i < 5; i++) {
    try {
      return await startRedisOn(await pick(), options);
    } catch (e) {
      if (!(e instanceof RedisPortTakenError)) throw e;
      last = e;
    }
  }
  throw last;
}

async function startRedisOn(port: number, options: StartRedisOptions): Promise<RedisHandle> {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-redis-'));
  fs.mkdirSync(dir, { recursive: true });
  // "-": the first configuration comes from stdin (the password), the rest from arguments.
  const args = ['-', '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no'];
  if (options.tls) {
    args.push('--port', '0', '--tls-port', String(port), '--tls-cert-file', options.tls.certFile, '--tls-key-file', options.tls.keyFile, '--tls-auth-clients', 'no');
  } else {
    args.push('--port', String(port));
  }
  // BullMQ requires that Redis never evicts its keys.
  args.push('--maxmemory-policy', 'noeviction');
  if (!options.persist) args.push('--save', '', '--appendonly', 'no');
  else args.push('--appendonly', 'yes');
  const child = spawn('redis-server', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin?.on('error', () => {});
  child.stdin?.end(options.password ? `requirepass ${JSON.stringify(options.password)}\n` : '');
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });

  let spawnError: Error | undefined;
  child.once('error', (e) => (spawnError = e));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (spawnError) throw new Error(`could not start redis-server (${spawnError.message}); install it with: apt-get install -y redis-server`);
    if (child.exitCode !== null) {
      if (/address already in use/i.test(log)) throw new RedisPortTakenError(`port ${port} is taken by another process`);
      throw new Error(`redis-server exited with ${child.exitCode}: ${log}`);
    }
    const pid = await redisServerPid(port, { password: options.password, tls: !!options.tls });
    if (pid !== undefined && pid === child.pid) break;
    if (pid !== undefined) {
      await stop();
      throw new RedisPortTakenError(`port ${port} is served by another redis-server (pid ${pid}), not ours (pid ${child.pid})`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server did not listen on ${port}: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : '';
  return { url: `${options.tls ? 'rediss' : 'redis'}://${auth}127.0.0.1:${port}`, port, process: child, stop };
}
