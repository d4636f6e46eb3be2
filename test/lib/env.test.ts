import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvError, authSecret, databaseFileUrl, databaseProvider, parseEnv } from '../../lib/env';

describe('env', () => {
  it('has embedded defaults for a local run', () => {
    const e = parseEnv({});
    expect(e.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(e.PORT).toBe(3000);
    expect(e.WORKER_QUEUES).toEqual(['grade', 'train']);
    expect(databaseFileUrl(e)).toMatch(/^file:.*data\/convgrade\.db$/);
  });

  it('parses and coerces values', () => {
    const e = parseEnv({ PORT: '8080', WORKER_QUEUES: 'train', GRADE_CONCURRENCY: '4', DATABASE_URL: 'file:/tmp/x.db' });
    expect(e.PORT).toBe(8080);
    expect(e.WORKER_QUEUES).toEqual(['train']);
    expect(e.GRADE_CONCURRENCY).toBe(4);
    expect(databaseFileUrl(e)).toBe('file:/tmp/x.db');
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv({ PORT: '' }).PORT).toBe(3000);
  });

  it('names the variable and the problem for a bad value', () => {
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(EnvError);
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/PORT="eighty"/);
    expect(() => parseEnv({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL.*redis:\/\//);
    expect(() => parseEnv({ WORKER_QUEUES: 'grade,gpu' })).toThrow(/WORKER_QUEUES/);
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });

  it('takes a PostgreSQL DATABASE_URL and picks the provider from it', () => {
    const e = parseEnv({ DATABASE_URL: 'postgresql://app:pw@db:5432/convgrade' });
    expect(databaseFileUrl(e)).toBe('postgresql://app:pw@db:5432/convgrade');
    expect(databaseProvider(databaseFileUrl(e))).toBe('postgresql');
    expect(databaseProvider('postgres://db/convgrade')).toBe('postgresql');
    expect(databaseProvider('file:/tmp/x.db')).toBe('sqlite');
  });

  it('requires an invite code in invite-only mode', () => {
    expect(() => parseEnv({ SIGNUP_MODE: 'invite' })).toThrow(/INVITE_CODE/);
    expect(parseEnv({ SIGNUP_MODE: 'invite', INVITE_CODE: 'cnn-2026-spring' }).SIGNUP_MODE).toBe('invite');
    // A short code is refused by name, with the rule.
    expect(() => parseEnv({ SIGNUP_MODE: 'invite', INVITE_CODE: 'cnn-2026' })).toThrow(/INVITE_CODE="cnn-2026": must be at least 12 characters/);
  });

  it('requires a real secret of at least 32 characters in production', () => {
    expect(() => authSecret(parseEnv({ NODE_ENV: 'production' }))).toThrow(/NEXTAUTH_SECRET/);
    expect(() => parseEnv({ NODE_ENV: 'production', NEXTAUTH_SECRET: 'a-20-character-secret' })).toThrow(/NEXTAUTH_SECRET.*at least 32/);
    const secret = 'x'.repeat(31) + 'y';
    expect(authSecret(parseEnv({ NODE_ENV: 'production', NEXTAUTH_SECRET: secret }))).toBe(secret);
  });
});

describe('single variables through the same schema', () => {
  it('reads content and sandbox paths, with their defaults', async () => {
    const { envValue } = await import('../../lib/env');
    expect(envValue('COURSE_FILE', {})).toBeUndefined();
    expect(envValue('COURSE_FILE', { COURSE_FILE: '/tmp/c.yaml' })).toBe('/tmp/c.yaml');
    expect(envValue('EXERCISES_DIR', { EXERCISES_DIR: '' })).toBeUndefined();
    expect(envValue('CONVGRADE_CGROUP_ROOT', {})).toBe('/sys/fs/cgroup');
    expect(envValue('TRAIN_BACKEND', {})).toBe('auto');
    expect(envValue('TRAIN_THREADS', {})).toBe(1);
    expect(envValue('DEMO_SEED', { DEMO_SEED: 'no' })).toBe(false);
    expect(envValue('DEMO_SEED', {})).toBe(true);
  });

  it('names the variable and the problem, ignoring unrelated bad values', async () => {
    const { envValue } = await import('../../lib/env');
    expect(() => envValue('TRAIN_BACKEND', { TRAIN_BACKEND: 'cuda' })).toThrow(/TRAIN_BACKEND="cuda": must be auto, gpu, tensorflow or cpu/);
    expect(() => envValue('TRAIN_THREADS', { TRAIN_THREADS: '0' })).toThrow(/TRAIN_THREADS="0"/);
    expect(() => envValue('DEMO_SEED', { DEMO_SEED: 'maybe' })).toThrow(/DEMO_SEED="maybe"/);
    expect(envValue('EXERCISES_DIR', { EXERCISES_DIR: '/x', PORT: 'eighty' })).toBe('/x');
  });

  it('outside production, uses a random secret made once per data folder, readable by its owner only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-env-'));
    const first = authSecret(parseEnv({ NODE_ENV: 'development', DATA_DIR: dir }));
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(authSecret(parseEnv({ NODE_ENV: 'test', DATA_DIR: dir }))).toBe(first);
    expect(fs.statSync(path.join(dir, 'auth-secret')).mode & 0o777).toBe(0o600);
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-env-'));
    expect(authSecret(parseEnv({ DATA_DIR: other }))).not.toBe(first);
  });

  it('the loaders follow COURSE_FILE and EXERCISES_DIR when called', async () => {
    const { courseFilePath } = await import('../../lib/sync/course-file');
    const saved = process.env.COURSE_FILE;
    try {
      process.env.COURSE_FILE = '/tmp/other-course.yaml';
      expect(courseFilePath()).toBe('/tmp/other-course.yaml');
      delete process.env.COURSE_FILE;
      expect(courseFilePath()).toMatch(/content\/course\.yaml$/);
    } finally {
      if (saved === undefined) delete process.env.COURSE_FILE;
      else process.env.COURSE_FILE = saved;
    }
  });
});
