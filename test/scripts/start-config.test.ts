import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvError } from '../../lib/env';
import { startConfig } from '../../scripts/lib/start-config';

// What `npm start` runs with, local and production (scripts/start.ts, start.sh).

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-start-'));
const mode = (file: string) => fs.statSync(file).mode & 0o777;
const secret = 'q'.repeat(40);

describe('the local quick start', () => {
  it('makes a random session secret once per data folder, mode 0600, and passes it on', () => {
    const dir = tmp();
    const a = startConfig({ DATA_DIR: dir });
    expect(a.childEnv.NEXTAUTH_SECRET!.length).toBeGreaterThanOrEqual(32);
    expect(fs.readFileSync(path.join(dir, 'auth-secret'), 'utf8').trim()).toBe(a.childEnv.NEXTAUTH_SECRET);
    expect(mode(path.join(dir, 'auth-secret'))).toBe(0o600);
    expect(startConfig({ DATA_DIR: dir }).childEnv.NEXTAUTH_SECRET).toBe(a.childEnv.NEXTAUTH_SECRET);
    expect(startConfig({ DATA_DIR: tmp() }).childEnv.NEXTAUTH_SECRET).not.toBe(a.childEnv.NEXTAUTH_SECRET);
  });

  it('uses NEXTAUTH_SECRET when given, and writes no file then', () => {
    const dir = tmp();
    expect(startConfig({ DATA_DIR: dir, NEXTAUTH_SECRET: secret, DEMO_SEED: '0' }).childEnv.NEXTAUTH_SECRET).toBe(secret);
    expect(fs.existsSync(path.join(dir, 'auth-secret'))).toBe(false);
  });

  it('listens on 127.0.0.1 only, whatever HOST says', () => {
    const c = startConfig({ DATA_DIR: tmp(), HOST: '0.0.0.0', PORT: '4100' });
    expect(c.host).toBe('127.0.0.1');
    expect(c.siteUrl).toBe('http://localhost:4100');
    expect(c.notes.join()).toMatch(/HOST=0\.0\.0\.0 is ignored/);
  });

  it('gives the demo instructor a random password per data folder, kept mode 0600', () => {
    const dir = tmp();
    const a = startConfig({ DATA_DIR: dir }).demoInstructorPassword!;
    expect(a.length).toBeGreaterThanOrEqual(16);
    expect(a).not.toBe('instructor-demo');
    expect(startConfig({ DATA_DIR: dir }).demoInstructorPassword).toBe(a);
    expect(mode(path.join(dir, 'demo-instructor-password'))).toBe(0o600);
    expect(startConfig({ DATA_DIR: tmp(), DEMO_SEED: 'no' }).demoInstructorPassword).toBeNull();
  });
});

describe('NODE_ENV=production', () => {
  it('refuses to start without NEXTAUTH_SECRET, naming it', () => {
    expect(() => startConfig({ NODE_ENV: 'production', NEXTAUTH_URL: 'https://g.example.edu' })).toThrow(EnvError);
    expect(() => startConfig({ NODE_ENV: 'production', NEXTAUTH_URL: 'https://g.example.edu' })).toThrow(/NEXTAUTH_SECRET: must be set/);
    expect(() => startConfig({ NODE_ENV: 'production', NEXTAUTH_URL: 'https://g.example.edu', NEXTAUTH_SECRET: 'short-secret-of-25-chars!' })).toThrow(/NEXTAUTH_SECRET.*at least 32/);
    expect(() => startConfig({ NODE_ENV: 'production', NEXTAUTH_SECRET: secret })).toThrow(/NEXTAUTH_URL: must be set/);
  });

  it('listens where HOST says, creates no demo accounts and writes nothing to the data folder', () => {
    const dir = tmp();
    const c = startConfig({ NODE_ENV: 'production', NEXTAUTH_SECRET: secret, NEXTAUTH_URL: 'https://g.example.edu', HOST: '0.0.0.0', DATA_DIR: dir, DEMO_SEED: '1' });
    expect(c).toMatchObject({ production: true, host: '0.0.0.0', siteUrl: 'https://g.example.edu', demoInstructorPassword: null });
    expect(c.childEnv).toEqual({ NEXTAUTH_SECRET: secret, NEXTAUTH_URL: 'https://g.example.edu', DEMO_SEED: '0' });
    expect(c.notes.join()).toMatch(/DEMO_SEED is ignored/);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(startConfig({ NODE_ENV: 'production', NEXTAUTH_SECRET: secret, NEXTAUTH_URL: 'https://g.example.edu' }).host).toBe('127.0.0.1');
    const prod = { NODE_ENV: 'production', NEXTAUTH_SECRET: secret, NEXTAUTH_URL: 'https://g.example.edu' };
    expect(startConfig({ ...prod, REDIS_URL: 'redis://redis.internal:6379' }).notes.join()).toMatch(/REDIS_URL has no password/);
    expect(startConfig({ ...prod, REDIS_URL: 'rediss://:s3cret@redis.internal:6380' }).notes.join()).not.toMatch(/REDIS_URL/);
  });

  it('npm start (start.sh) stops at once without the secret, before installing or building', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', NEXTAUTH_SECRET: '' };
    const r = spawnSync('bash', ['scripts/start.sh'], { env, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/NEXTAUTH_SECRET/);
    expect(r.stdout).not.toMatch(/\[prepare\]/);
  });

  it('scripts/start.ts refuses too, naming the variable, before starting anything', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', NEXTAUTH_SECRET: '', NEXTAUTH_URL: 'https://g.example.edu', REDIS_URL: '' };
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/NEXTAUTH_SECRET: must be set/);
    expect(r.stdout).not.toMatch(/redis-server on/);
  });
});
