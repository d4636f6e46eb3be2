import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisHandle } from '../../scripts/lib/redis-server';
import { producerConnection } from '../../lib/queue/connection';

// REDIS_URL with a password, and rediss:// (TLS), against real redis-servers.
// The round trip runs the app's own connections (lib/queue/connection.ts) in
// a child process, as the worker and the queue services do.

const password = `p@ss/${Math.random().toString(36).slice(2)}:w0rd`;
let plain: RedisHandle;
let tls: RedisHandle;
let cert: string;

function roundTrip(url: string, extraEnv: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'test/fixtures/redis/round-trip.ts'], {
    env: { ...process.env, REDIS_URL: url, ...extraEnv },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-tls-'));
  cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
  plain = await startRedis({ password });
  tls = await startRedis({ password, tls: { certFile: cert, keyFile: key } });
});
afterAll(async () => {
  await plain?.stop();
  await tls?.stop();
});

describe('Redis with a password', () => {
  it('refuses clients without the password', async () => {
    const quiet = { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true, enableReadyCheck: false };
    const bare = new Redis(`redis://127.0.0.1:${plain.port}`, quiet);
    bare.on('error', () => {});
    await bare.connect();
    await expect(bare.set('k', 'v')).rejects.toThrow(/NOAUTH/);
    bare.disconnect();
    const errors: string[] = [];
    const wrong = new Redis(`redis://:wrong@127.0.0.1:${plain.port}`, quiet);
    wrong.on('error', (e: Error) => errors.push(e.message));
    await wrong.connect().catch((e: Error) => errors.push(e.message));
    await wrong.set('k', 'v').catch((e: Error) => errors.push(e.message));
    expect(errors.join('\n')).toMatch(/WRONGPASS/);
    wrong.disconnect();
  });

  it('keeps the password off the command line', () => {
    const cmdline = fs.readFileSync(`/proc/${plain.process.pid}/cmdline`, 'utf8');
    expect(cmdline).not.toContain(password);
  });

  it('carries a job through BullMQ with REDIS_URL=redis://:password@host', async () => {
    expect(plain.url).toMatch(/^redis:\/\/:[^@]+@127\.0\.0\.1:\d+$/);
    const p = producerConnection(plain.url);
    await new Promise((resolve) => p.once('ready', resolve));
    expect(await p.ping()).toBe('PONG');
    p.disconnect();
    const r = roundTrip(plain.url);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ echoed: 42 });
  });

  it('carries a job over TLS with REDIS_URL=rediss://, trusting the server certificate', () => {
    expect(tls.url.startsWith('rediss://')).toBe(true);
    const r = roundTrip(tls.url, { NODE_EXTRA_CA_CERTS: cert });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ echoed: 42 });
  });
});
