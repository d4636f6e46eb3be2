import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Starts Debian's redis-server on a free loopback port. Used by the test setup
// and by the local start script when REDIS_URL is not given.

export interface RedisHandle {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

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

export interface StartRedisOptions {
  port?: number;
  dir?: string;
  persist?: boolean;
  /** clients must AUTH with it; given on stdin, so it never shows in the process list */
  password?: string;
  /** serve TLS only (rediss://) with this certificate and key */
  tls?: { certFile: string; keyFile: string };
}

export async function startRedis(options: StartRedisOptions = {}): Promise<RedisHandle> {
  const port = options.port ?? (await freePort());
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
  await new Promise<void>((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    child.once('error', (e) =>
      reject(new Error(`could not start redis-server (${e.message}); install it with: apt-get install -y redis-server`)),
    );
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${log}`)));
    const poll = () => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.end();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`redis-server did not listen on ${port}: ${log}`));
        else setTimeout(poll, 50);
      });
    };
    poll();
  });
  child.removeAllListeners('exit');
  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : '';
  return {
    url: `${options.tls ? 'rediss' : 'redis'}://${auth}127.0.0.1:${port}`,
    port,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
